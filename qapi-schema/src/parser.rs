//! From source text to top-level expressions and documentation comments,
//! following the stages of QEMU's `QAPISchemaParser`: files are read,
//! includes followed, pragmas applied, doc comments attached.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use crate::doc::Doc;
use crate::error::{Error, Kind, Result};
use crate::expr::{Checker, DefExpr};
use crate::lexer::{Lexer, TokKind, Token};
use crate::pragma::Pragma;
use crate::source::{IncludeSite, Info};
use crate::syntax::{Node, TopExpr, Value};

/// How documentation style rules (line length, sentence spacing) are
/// enforced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StyleRules {
    /// As errors, like QEMU 10.2.
    #[default]
    Error,
    /// As warnings, collected in [`Parsed::warnings`].
    Warn,
    /// Not checked (the historical dialect predates them).
    Off,
}

/// Everything read from a schema root and its includes.
#[derive(Debug, Default)]
pub struct Parsed {
    pub exprs: Vec<TopExpr>,
    pub docs: Vec<Doc>,
    pub pragma: Pragma,
    /// Every file read, in the order read, with its text.
    pub sources: Vec<(Arc<str>, Arc<str>)>,
    /// Style problems found while `StyleRules::Warn` was in force.
    pub warnings: Vec<Error>,
    /// The early expression checks (see [`early_checks`]): for each of
    /// `exprs`, its definitions if it passed them, with the dialect they
    /// were made in (`true`: historical).
    pub(crate) early: Option<(bool, Vec<Option<Early>>)>,
}

/// The state of the parser of one file.  Files are parsed on their own,
/// possibly on several threads, and then merged in the order QEMU reads
/// them (see [`Merge`]).
pub(crate) struct Ctx {
    pub(crate) style: StyleRules,
    /// Historical dialect: trailing commas, free-form doc comments.
    pub(crate) lenient: bool,
    pub(crate) literal_mode: bool,
    pub(crate) literal_indent: usize,
    /// The file's doc comments; [`Item::Doc`] and [`TopExpr::doc`] index
    /// them until the merge.
    pub(crate) docs: Vec<Doc>,
    /// Everything else the file holds, in textual order.
    pub(crate) items: Vec<Item>,
}

impl Ctx {
    fn new(style: StyleRules, lenient: bool) -> Self {
        Ctx {
            style,
            lenient,
            literal_mode: false,
            literal_indent: 0,
            docs: Vec::new(),
            items: Vec::new(),
        }
    }
}

/// What a file holds, in order.  Locations have no include chain yet: the
/// merge, which knows where the file was included from, adds it.
pub(crate) enum Item {
    Doc(usize),
    Expr(TopExpr),
    /// An include directive: the expression (`include` set to the joined
    /// file name) and the name as written.
    Include {
        expr: TopExpr,
        include: String,
    },
    Pragma {
        pragmas: Vec<(String, Node)>,
        info: Info,
    },
    Warning(Error),
}

/// One file, parsed on its own.
pub(crate) struct FileOut {
    file: Arc<str>,
    src: Arc<str>,
    docs: Vec<Doc>,
    items: Vec<Item>,
    /// The error that ended the parse, after `items`.
    error: Option<Error>,
    /// For each [`Item::Expr`], in order, its definitions if it passed
    /// the early checks; empty if they were not made.
    early: Vec<Option<Early>>,
}

impl FileOut {
    /// The files it includes (joined names), in order.
    fn includes(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|i| match i {
            Item::Include { expr, .. } => expr.include.as_deref(),
            _ => None,
        })
    }
}

/// The expression checks of a file's expressions, made on the parsing
/// thread as soon as the file is parsed.
///
/// An expression check depends on the expression, its doc comment and the
/// pragmas.  Pragmas are global, and QEMU checks every expression against
/// those of the whole schema, known only once every file is merged.  But
/// pragmas only ever relax the checks (`doc-required` aside, which is
/// assumed here): an expression that passes with no exceptions and
/// documentation required passes whatever the pragmas, with the same
/// result.  So the early checks are made that strict; the few expressions
/// that fail them (a pragma's exceptions, or a real error) are checked
/// again after the merge, in order, with the schema's pragmas, which also
/// reports the first error in QEMU's order.
fn early_checks(items: &[Item], docs: &mut [Doc], historical: bool) -> Vec<Option<Early>> {
    static STRICT: std::sync::OnceLock<Pragma> = std::sync::OnceLock::new();
    let pragma = STRICT.get_or_init(|| Pragma {
        doc_required: true,
        ..Pragma::default()
    });
    let checker = Checker {
        pragma,
        historical,
        extra: Default::default(),
    };
    let mut out = Vec::new();
    for item in items {
        if let Item::Expr(e) = item {
            let early = checker.definitions(e, docs).ok().map(|defs| {
                // Documentation too is connected early when no pragma can
                // change how (see `doc::connect_early`).
                let docs_connected = !historical
                    && defs.iter().all(|d| match d.doc {
                        Some(i) => crate::doc::connect_early(&mut docs[i], d),
                        None => true,
                    });
                Early {
                    defs,
                    docs_connected,
                }
            });
            out.push(early);
        }
    }
    out
}

/// The definitions of an expression that passed the early checks.
#[derive(Debug)]
pub(crate) struct Early {
    pub(crate) defs: Vec<DefExpr>,
    /// Their documentation is connected already (see
    /// `doc::connect_early`).
    pub(crate) docs_connected: bool,
}

impl Early {
    /// The definitions of `e` (no include): those of its early checks if
    /// it passed them, else those `checker` makes now, with the schema's
    /// pragmas (their documentation then waits for the builder).
    pub(crate) fn or_check(
        early: Option<Early>,
        e: &TopExpr,
        checker: &Checker,
        docs: &[Doc],
    ) -> Result<Early> {
        match early {
            Some(early) => Ok(early),
            None => Ok(Early {
                defs: checker.definitions(e, docs)?,
                docs_connected: false,
            }),
        }
    }
}

/// Parses the schema whose root file is `fname`.  `lenient` reads the
/// historical dialect's syntax (trailing commas, older doc comments).
pub fn parse_schema(fname: &str, style: StyleRules, lenient: bool) -> Result<Parsed> {
    parse_schema_with(fname, reading(style, lenient, true))
}

/// [`parse_schema`] for building the schema: expressions that passed
/// their early checks keep no members (see [`Reading::keep_syntax`]).
pub(crate) fn parse_schema_to_build(
    fname: &str,
    style: StyleRules,
    lenient: bool,
) -> Result<Parsed> {
    parse_schema_with(fname, reading(style, lenient, false))
}

fn reading(style: StyleRules, lenient: bool, keep_syntax: bool) -> Reading {
    Reading {
        style,
        lenient,
        keep_syntax,
    }
}

fn parse_schema_with(fname: &str, how: Reading) -> Result<Parsed> {
    let src = read_source(fname).map_err(|reason| Error {
        kind: Kind::Io,
        info: None,
        message: format!("can't read schema file '{fname}': {reason}"),
    })?;
    parse_root(fname, src, how)
}

/// Parses schema text that is not in a file (tests, fuzzing, proc macros).
pub fn parse_str(fname: &str, text: &str, style: StyleRules, lenient: bool) -> Result<Parsed> {
    parse_root(
        fname,
        normalize_newlines(text).into(),
        reading(style, lenient, true),
    )
}

fn parse_root(fname: &str, src: Arc<str>, how: Reading) -> Result<Parsed> {
    let (root, files) = prefetch(fname, src, how);
    // Room for everything read ahead, to grow the merged lists once.
    let (mut items, mut docs) = (root.items.len(), root.docs.len());
    for f in files.values().flatten() {
        items += f.items.len();
        docs += f.docs.len();
    }
    let mut out = Parsed::default();
    out.exprs.reserve(items);
    out.docs.reserve(docs);
    let mut m = Merge {
        out,
        included: HashSet::new(),
        files,
        how,
        early: Vec::with_capacity(items),
        cwd: Cwd::default(),
    };
    m.merge(root, None)?;
    m.out.early = Some((how.lenient, m.early));
    Ok(m.out)
}

/// The biggest file read ahead (QEMU's biggest is 200 KB).
const MAX_READ_AHEAD: u64 = 16 << 20;

/// Files read ahead at most (a guard against include chains that grow
/// without end through links; the merge reads what is missing).
const MAX_PREFETCH: usize = 4096;

type Fetched = std::result::Result<FileOut, String>;

/// Parses the root file `fname` and, on several threads, the files it
/// includes directly or not.  The included files are only a head start:
/// the merge decides what is read and in what order, and parses any file
/// missing here itself.
///
/// The files are parsed biggest first, so that no big file is left for
/// one thread at the end.  For that they must all be known early: this
/// thread reads them ahead of the parsers, following the include
/// directives a quick scan of their text finds (see [`scan_includes`]),
/// while the other threads start parsing what is queued.  When that scan
/// finds includes in the root, the other threads are started before the
/// root is parsed: starting a thread takes a while (its stack, its first
/// memory), and it is ready by the time files are queued.
fn prefetch(fname: &str, src: Arc<str>, how: Reading) -> (FileOut, HashMap<String, Fetched>) {
    let queue = Queue {
        state: Mutex::new(QueueState::default()),
        wake: Condvar::new(),
    };
    let threads = crate::cores().min(4);
    let mut parsed_root = None;
    if threads < 2 || scan_includes(&src).next().is_none() {
        // One thread, or likely no includes: parse the root first to see.
        let root = parse_file(fname, src.clone(), how);
        if root.includes().next().is_none() {
            return (root, HashMap::new());
        }
        parsed_root = Some(root);
    }
    queue.lock().discovering = true;
    let parse = || {
        let mut finished = None;
        while let Some((name, text)) = queue.next(finished.take()) {
            // A panic (a bug) must still release the other threads.
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                text.map(|src| parse_file(&name, src, how))
            }));
            match out {
                Ok(out) => finished = Some((name, out)),
                Err(panic) => {
                    queue.abandon(name);
                    std::panic::resume_unwind(panic);
                }
            }
        }
    };
    let discover = |root: &FileOut| {
        // Only this thread reads ahead: what it knows is its own.
        let mut known = HashSet::from([root.file.to_string()]);
        let mut pending: Vec<String> = root.includes().map(str::to_owned).collect();
        pending.reverse();
        while let Some(name) = pending.pop() {
            if known.len() >= MAX_PREFETCH {
                break;
            }
            if !known.insert(name.clone()) {
                continue;
            }
            // Only regular files of a schema's size are read ahead: a
            // name the scan found in a comment may be anything (a FIFO,
            // /dev/zero, a disk image), and the merge itself reads what
            // QEMU would read.
            let text = match std::fs::File::open(&name) {
                Err(e) => Err(strerror(&e)),
                Ok(file) => match file.metadata() {
                    Ok(m) if m.is_file() && m.len() <= MAX_READ_AHEAD => {
                        read_open_source(&name, file, m.len())
                    }
                    _ => continue,
                },
            };
            if let Ok(src) = &text {
                let found: Vec<String> =
                    scan_includes(src).map(|rel| join_dir(&name, rel)).collect();
                pending.extend(found.into_iter().rev());
            }
            queue.add(name, text);
        }
    };
    // This thread: the root, the reading ahead, then parsing with the
    // others.  The reading ahead ends even on a panic (a bug), so that
    // no thread waits for files forever.
    let lead = |parsed_root: Option<FileOut>| -> FileOut {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let root = parsed_root.unwrap_or_else(|| parse_file(fname, src.clone(), how));
            discover(&root);
            root
        }));
        queue.discovered();
        match r {
            Ok(root) => {
                parse();
                root
            }
            Err(panic) => std::panic::resume_unwind(panic),
        }
    };
    let root = if threads < 2 {
        lead(parsed_root)
    } else {
        std::thread::scope(|s| {
            // As deep a stack as the main thread's; if no thread can be
            // made, this one does all the work.
            let lead_cpu = crate::placement::current_cpu();
            let parse = &parse;
            for _ in 1..threads {
                let _ = std::thread::Builder::new()
                    .stack_size(8 << 20)
                    .spawn_scoped(s, move || {
                        crate::placement::keep_off(lead_cpu);
                        parse()
                    });
            }
            lead(parsed_root)
        })
    };
    let st = queue.state.into_inner().unwrap_or_else(|e| e.into_inner());
    (root, st.done)
}

/// The file names of the include directives in a schema text, as a quick
/// scan finds them: `'include'`, a colon and a string, wherever they are
/// (a comment too).  A name found that QEMU would not read costs a read
/// ahead and nothing else; one missed is read by the merge.
fn scan_includes(src: &str) -> impl Iterator<Item = &str> {
    memchr::memmem::find_iter(src.as_bytes(), b"'include'").filter_map(move |at| {
        let rest = src[at + "'include'".len()..].trim_start_matches([' ', '\t', '\n']);
        let rest = rest
            .strip_prefix(':')?
            .trim_start_matches([' ', '\t', '\n']);
        let rest = rest.strip_prefix('\'')?;
        let end = memchr::memchr2(b'\'', b'\n', rest.as_bytes())?;
        (rest.as_bytes()[end] == b'\'').then(|| &rest[..end])
    })
}

/// The files read ahead, biggest first, shared by the threads of
/// [`prefetch`].
struct Queue {
    state: Mutex<QueueState>,
    wake: Condvar,
}

type Text = std::result::Result<Arc<str>, String>;

#[derive(Default)]
struct QueueState {
    /// Files read and not yet parsed, smallest first: (name, text).
    ready: Vec<(String, Text)>,
    done: HashMap<String, Fetched>,
    busy: usize,
    /// While files are still being read, an empty queue is not the end.
    discovering: bool,
    /// Threads waiting for work: waking none takes no system call.
    waiting: usize,
}

impl Queue {
    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn add(&self, name: String, text: Text) {
        let size = |t: &Text| t.as_ref().map_or(0, |t| t.len());
        let mut st = self.lock();
        let at = st.ready.partition_point(|(_, t)| size(t) <= size(&text));
        st.ready.insert(at, (name, text));
        let waiting = st.waiting > 0;
        drop(st);
        if waiting {
            self.wake.notify_one();
        }
    }

    /// Marks the end of reading ahead.
    fn discovered(&self) {
        self.lock().discovering = false;
        self.wake.notify_all();
    }

    /// Records the file just parsed, if any, and gives the next file to
    /// parse; `None` once all are parsed.
    fn next(&self, finished: Option<(String, Fetched)>) -> Option<(String, Text)> {
        let mut st = self.lock();
        if let Some((name, out)) = finished {
            self.record(&mut st, name, out);
        }
        loop {
            if let Some((name, text)) = st.ready.pop() {
                st.busy += 1;
                return Some((name, text));
            }
            if st.busy == 0 && !st.discovering {
                return None;
            }
            st.waiting += 1;
            st = self.wake.wait(st).unwrap_or_else(|e| e.into_inner());
            st.waiting -= 1;
        }
    }

    /// Records a file given up on (its parse panicked), taking no other.
    fn abandon(&self, name: String) {
        let mut st = self.lock();
        self.record(&mut st, name, Err(String::new()));
    }

    fn record(&self, st: &mut QueueState, name: String, out: Fetched) {
        st.done.insert(name, out);
        st.busy -= 1;
        // The last file parsed ends the waits.
        if st.waiting > 0 && st.busy == 0 && st.ready.is_empty() {
            self.wake.notify_all();
        }
    }
}

fn read_and_parse(fname: &str, how: Reading) -> Fetched {
    read_source(fname).map(|src| parse_file(fname, src, how))
}

/// Puts the parsed files together in QEMU's reading order: includes are
/// followed where they appear, each file once, inclusion loops rejected,
/// pragmas applied, and the first error in that order is the one reported.
struct Merge {
    out: Parsed,
    included: HashSet<PathBuf>,
    files: HashMap<String, Fetched>,
    how: Reading,
    /// The early checks of `out.exprs`, one entry each.
    early: Vec<Option<Early>>,
    cwd: Cwd,
}

fn set_parent(info: &mut Info, parent: &Option<Arc<IncludeSite>>) {
    info.parent.clone_from(parent);
}

fn set_error_parent(e: &mut Error, parent: &Option<Arc<IncludeSite>>) {
    if let Some(info) = &mut e.info {
        set_parent(info, parent);
    }
}

impl Merge {
    fn merge(&mut self, f: FileOut, parent: Option<Arc<IncludeSite>>) -> Result<()> {
        self.included.insert(abspath_in(&self.cwd, &f.file));
        self.out.sources.push((f.file, f.src));
        let mut early = f.early.into_iter();
        let mut docs: Vec<Option<Doc>> = f.docs.into_iter().map(Some).collect();
        let mut global = vec![0usize; docs.len()];
        for item in f.items {
            match item {
                Item::Doc(i) => {
                    let mut doc = docs[i].take().expect("each doc once");
                    set_parent(&mut doc.info, &parent);
                    for s in &mut doc.sections {
                        set_parent(&mut s.info, &parent);
                    }
                    global[i] = self.out.docs.len();
                    self.out.docs.push(doc);
                }
                Item::Expr(mut e) => {
                    set_parent(&mut e.info, &parent);
                    e.doc = e.doc.map(|i| global[i]);
                    self.out.exprs.push(e);
                    let mut defs = early.next().flatten();
                    for d in defs.iter_mut().flat_map(|e| &mut e.defs) {
                        set_parent(&mut d.info, &parent);
                        d.doc = d.doc.map(|i| global[i]);
                    }
                    self.early.push(defs);
                }
                Item::Warning(mut w) => {
                    set_error_parent(&mut w, &parent);
                    self.out.warnings.push(w);
                }
                Item::Pragma { pragmas, mut info } => {
                    set_parent(&mut info, &parent);
                    for (name, value) in &pragmas {
                        self.out
                            .pragma
                            .apply_dialect(name, value, &info, self.how.lenient)?;
                    }
                }
                Item::Include { mut expr, include } => {
                    set_parent(&mut expr.info, &parent);
                    let info = expr.info.clone();
                    let fname = expr.include.clone().expect("an include");
                    self.out.exprs.push(expr);
                    self.early.push(None);
                    self.include(&include, &info, &fname)?;
                }
            }
        }
        match f.error {
            Some(mut e) => {
                set_error_parent(&mut e, &parent);
                Err(e)
            }
            None => Ok(()),
        }
    }

    fn include(&mut self, include: &str, info: &Info, incl_fname: &str) -> Result<()> {
        let incl_abs = abspath_in(&self.cwd, incl_fname);
        // An inclusion cycle: the file includes itself, directly or not.
        if abspath_in(&self.cwd, &info.file) == incl_abs {
            return Err(Error::semantic(
                info,
                format!("inclusion loop for {include}"),
            ));
        }
        let mut site = info.parent.as_deref();
        while let Some(s) = site {
            if abspath_in(&self.cwd, &s.file) == incl_abs {
                return Err(Error::semantic(
                    info,
                    format!("inclusion loop for {include}"),
                ));
            }
            site = s.parent.as_deref();
        }
        // A file already included is skipped.
        if self.included.contains(&incl_abs) {
            return Ok(());
        }
        let fetched = match self.files.remove(incl_fname) {
            Some(f) => f,
            None => read_and_parse(incl_fname, self.how),
        };
        let f = fetched.map_err(|reason| {
            Error::new(
                Kind::Io,
                info.clone(),
                format!("can't read include file '{incl_fname}': {reason}"),
            )
        })?;
        let parent = Some(Arc::new(IncludeSite {
            file: info.file.clone(),
            line: info.line,
            parent: info.parent.clone(),
        }));
        self.merge(f, parent)
    }
}

/// Reads a file as QEMU does: UTF-8, universal newlines, a final newline.
fn read_source(fname: &str) -> std::result::Result<Arc<str>, String> {
    let file = std::fs::File::open(fname).map_err(|e| strerror(&e))?;
    let len = file.metadata().map_or(0, |m| m.len());
    read_open_source(fname, file, len)
}

/// [`read_source`], of a file already open, whose size is `len`.
fn read_open_source(
    fname: &str,
    mut file: std::fs::File,
    len: u64,
) -> std::result::Result<Arc<str>, String> {
    if let Some(text) = read_plain_source(&mut file, len) {
        return Ok(text);
    }
    drop(file);
    let bytes = std::fs::read(fname).map_err(|e| strerror(&e))?;
    let text = String::from_utf8(bytes).map_err(|_| "invalid UTF-8".to_string())?;
    Ok(normalize_newlines(text).into())
}

/// An open file of `len` bytes read straight into its shared text,
/// without the copy that turning a `String` into an `Arc<str>` makes: when
/// it is UTF-8, has no carriage return and ends with a newline, as schema
/// files do.  `None` otherwise, or on any error (the general path reports
/// it).
fn read_plain_source(file: &mut std::fs::File, len: u64) -> Option<Arc<str>> {
    use std::io::Read;
    let len = usize::try_from(len).ok()?;
    if len == 0 {
        return None;
    }
    // SAFETY: zeroed bytes are valid `u8`s.
    let mut bytes: Arc<[u8]> = unsafe { Arc::<[u8]>::new_zeroed_slice(len).assume_init() };
    let buf = Arc::get_mut(&mut bytes)?;
    // One read for the text and one byte more, which must not come: a
    // file that grew meanwhile is left to the general path.  A short
    // read (rare on a regular file) is finished the long way.
    let mut probe = [0u8; 1];
    let n = file
        .read_vectored(&mut [
            std::io::IoSliceMut::new(buf),
            std::io::IoSliceMut::new(&mut probe),
        ])
        .ok()?;
    if n > len {
        return None;
    }
    if n < len {
        file.read_exact(&mut buf[n..]).ok()?;
        if file.read(&mut probe).ok()? != 0 {
            return None;
        }
    }
    let text = std::str::from_utf8(&bytes).ok()?;
    if !text.ends_with('\n') || memchr::memchr(b'\r', text.as_bytes()).is_some() {
        return None;
    }
    // SAFETY: the bytes were just checked to be UTF-8, and `str` has the
    // layout of `[u8]`.
    Some(unsafe { Arc::from_raw(Arc::into_raw(bytes) as *const str) })
}

fn normalize_newlines(text: impl Into<String>) -> String {
    let mut s = text.into();
    if memchr::memchr(b'\r', s.as_bytes()).is_some() {
        s = s.replace("\r\n", "\n").replace('\r', "\n");
    }
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// The C library's text for an I/O error, without Rust's "(os error N)".
pub(crate) fn strerror(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// The current folder, asked for once (it takes a system call) when a
/// relative path first needs it.
#[derive(Default)]
pub(crate) struct Cwd(std::sync::OnceLock<PathBuf>);

impl Cwd {
    fn get(&self) -> &Path {
        self.0
            .get_or_init(|| std::env::current_dir().unwrap_or_default())
    }
}

/// `os.path.abspath`: absolute and lexically normalized, relative to
/// `cwd`.
pub(crate) fn abspath_in(cwd: &Cwd, p: &str) -> PathBuf {
    let path = Path::new(p);
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.get().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `os.path.join(os.path.dirname(base), rel)`.
fn join_dir(base: &str, rel: &str) -> String {
    if rel.starts_with('/') {
        return rel.to_owned();
    }
    match base.rfind('/') {
        Some(i) => {
            let dir = &base[..i];
            let dir = if dir.is_empty() { "/" } else { dir };
            if dir.ends_with('/') {
                format!("{dir}{rel}")
            } else {
                format!("{dir}/{rel}")
            }
        }
        None => rel.to_owned(),
    }
}

/// How files are read: the dialect's syntax, the style rules, and
/// whether expressions are kept whole after their early checks.
#[derive(Clone, Copy)]
struct Reading {
    style: StyleRules,
    lenient: bool,
    /// Keep the members of every expression.  Without it, an expression
    /// that passed its early checks keeps only its location: its
    /// definitions are all that is built from it, and dropping it here
    /// frees it on the parsing thread, whose next file reuses the memory.
    keep_syntax: bool,
}

/// Parses one file on its own; never reads another.
fn parse_file(fname: &str, src: Arc<str>, how: Reading) -> FileOut {
    let Reading {
        style,
        lenient,
        keep_syntax,
    } = how;
    let mut ctx = Ctx::new(style, lenient);
    let file: Arc<str> = Arc::from(fname);
    let mut lexer = Lexer::default();
    let cur = lexer.next_token(&src);
    let mut p = FileParser {
        ctx: &mut ctx,
        file: file.clone(),
        src: src.clone(),
        cur,
        lexer,
    };
    let error = p.parse().err();
    // After an error nothing is checked: the merge reports it, or one
    // before it.
    let early = match error {
        None => early_checks(&ctx.items, &mut ctx.docs, lenient),
        Some(_) => Vec::new(),
    };
    if !keep_syntax {
        let exprs = ctx.items.iter_mut().filter_map(|i| match i {
            Item::Expr(e) => Some(e),
            _ => None,
        });
        for (e, defs) in exprs.zip(&early) {
            if defs.is_some() {
                e.members = Vec::new();
            }
        }
    }
    FileOut {
        file,
        src,
        docs: ctx.docs,
        items: ctx.items,
        error,
        early,
    }
}

/// The parser of one file.
pub(crate) struct FileParser<'c> {
    pub(crate) ctx: &'c mut Ctx,
    pub(crate) file: Arc<str>,
    pub(crate) src: Arc<str>,
    /// The current token, and the scanner that gives the next ones.
    pub(crate) cur: Token,
    pub(crate) lexer: Lexer,
}

impl FileParser<'_> {
    pub(crate) fn tok(&self) -> &Token {
        &self.cur
    }

    pub(crate) fn kind(&self) -> &TokKind {
        &self.cur.kind
    }

    /// The text of the current comment token.
    pub(crate) fn comment_text(&self) -> &str {
        let t = &self.cur;
        &self.src[t.start..t.end]
    }

    /// Location of the current token's line.
    pub(crate) fn info(&self) -> Info {
        Info::new(self.file.clone(), self.tok().line, None)
    }

    /// A syntax error at the current token, with QEMU's column.
    pub(crate) fn error_here(&self, kind: Kind, msg: impl Into<String>) -> Error {
        let col = self.lexer.column(&self.src, &self.cur);
        Error::new(kind, self.info().with_col(col), msg)
    }

    /// Moves to the next token.  With `skip_comment`, plain comments are
    /// skipped, but a comment starting with `##` is returned.  Like QEMU's
    /// lexer, fails as soon as it reaches text that is no token.
    pub(crate) fn accept(&mut self, skip_comment: bool) -> Result<()> {
        self.cur = self.lexer.next_token(&self.src);
        self.settle(skip_comment)
    }

    /// Skips plain comments (if asked) from the current token on, and
    /// raises the error of an error token.
    fn settle(&mut self, skip_comment: bool) -> Result<()> {
        loop {
            let t = &self.cur;
            match &t.kind {
                TokKind::Comment if skip_comment && !self.src[t.start..t.end].starts_with("##") => {
                    self.cur = self.lexer.next_token(&self.src);
                }
                TokKind::Error(msg) => return Err(self.error_here(Kind::Syntax, msg.to_string())),
                _ => return Ok(()),
            }
        }
    }

    fn parse(&mut self) -> Result<()> {
        self.settle(true)?;
        let mut cur_doc: Option<usize> = None;
        loop {
            let info = self.info();
            match self.kind() {
                TokKind::Eof => break,
                TokKind::Comment => {
                    if !self.ctx.lenient {
                        self.reject_expr_doc(cur_doc)?;
                    }
                    let doc = if self.ctx.lenient {
                        self.get_doc_lenient()?
                    } else {
                        self.get_doc()?
                    };
                    self.ctx.docs.push(doc);
                    let i = self.ctx.docs.len() - 1;
                    self.ctx.items.push(Item::Doc(i));
                    cur_doc = Some(i);
                    continue;
                }
                _ => {}
            }
            let expr = self.get_expr()?;
            let Value::Object(members) = expr.value else {
                return Err(Error::semantic(
                    &info,
                    "top-level expression must be an object",
                ));
            };
            let has = |k: &str| members.iter().any(|(key, _)| key == k);
            if has("include") {
                if !self.ctx.lenient {
                    self.reject_expr_doc(cur_doc)?;
                }
                if members.len() != 1 {
                    return Err(Error::semantic(&info, "invalid 'include' directive"));
                }
                let Value::Str(include) = &members[0].1.value else {
                    return Err(Error::semantic(
                        &info,
                        "value of 'include' must be a string",
                    ));
                };
                let incl_fname = join_dir(&self.file, include);
                let include = include.clone();
                self.ctx.items.push(Item::Include {
                    expr: TopExpr {
                        members: Vec::new(),
                        info,
                        doc: None,
                        include: Some(incl_fname),
                    },
                    include,
                });
            } else if has("pragma") {
                if !self.ctx.lenient {
                    self.reject_expr_doc(cur_doc)?;
                }
                if members.len() != 1 {
                    return Err(Error::semantic(&info, "invalid 'pragma' directive"));
                }
                let Value::Object(pragmas) = &members[0].1.value else {
                    return Err(Error::semantic(
                        &info,
                        "value of 'pragma' must be an object",
                    ));
                };
                let pragmas = pragmas.clone();
                self.ctx.items.push(Item::Pragma { pragmas, info });
            } else {
                if let Some(d) = cur_doc {
                    let doc = &self.ctx.docs[d];
                    if doc.symbol.is_none() {
                        if !self.ctx.lenient {
                            return Err(Error::semantic(
                                &doc.info,
                                "definition documentation required",
                            ));
                        }
                        cur_doc = None;
                    }
                }
                self.ctx.items.push(Item::Expr(TopExpr {
                    members,
                    info,
                    doc: cur_doc,
                    include: None,
                }));
            }
            cur_doc = None;
        }
        if self.ctx.lenient {
            return Ok(());
        }
        self.reject_expr_doc(cur_doc)
    }

    fn reject_expr_doc(&self, doc: Option<usize>) -> Result<()> {
        if let Some(d) = doc {
            let doc = &self.ctx.docs[d];
            if let Some(sym) = &doc.symbol {
                return Err(Error::semantic(
                    &doc.info,
                    format!("documentation for '{sym}' is not followed by the definition"),
                ));
            }
        }
        Ok(())
    }

    /// Moves the current string token's text out (each token is read once).
    fn take_str(&mut self) -> String {
        self.lexer.string_value(&self.src, &self.cur)
    }

    fn node(&self, value: Value, line: u32, col: u32) -> Node {
        Node { value, line, col }
    }

    fn here(&self) -> (u32, u32) {
        (self.cur.line, self.lexer.column(&self.src, &self.cur))
    }

    fn get_members(&mut self) -> Result<Vec<(String, Node)>> {
        let mut members: Vec<(String, Node)> = Vec::new();
        if *self.kind() == TokKind::RBrace {
            self.accept(true)?;
            return Ok(members);
        }
        let TokKind::Str = self.kind() else {
            return Err(self.error_here(Kind::Syntax, "expected string or '}'"));
        };
        loop {
            let key = self.take_str();
            self.accept(true)?;
            if *self.kind() != TokKind::Colon {
                return Err(self.error_here(Kind::Syntax, "expected ':'"));
            }
            self.accept(true)?;
            if members.iter().any(|(k, _)| *k == key) {
                return Err(self.error_here(Kind::Syntax, format!("duplicate key '{key}'")));
            }
            let value = self.get_expr()?;
            members.push((key, value));
            match self.kind() {
                TokKind::RBrace => {
                    self.accept(true)?;
                    return Ok(members);
                }
                TokKind::Comma => {}
                // QEMU's parser of 2011-2012 did not need the comma.
                TokKind::Str if self.ctx.lenient => continue,
                _ => return Err(self.error_here(Kind::Syntax, "expected ',' or '}'")),
            }
            self.accept(true)?;
            if self.ctx.lenient && *self.kind() == TokKind::RBrace {
                self.accept(true)?;
                return Ok(members);
            }
            if !matches!(self.kind(), TokKind::Str) {
                return Err(self.error_here(Kind::Syntax, "expected string"));
            }
        }
    }

    fn get_values(&mut self) -> Result<Vec<Node>> {
        let mut values = Vec::new();
        if *self.kind() == TokKind::RBracket {
            self.accept(true)?;
            return Ok(values);
        }
        if !matches!(
            self.kind(),
            TokKind::LBrace | TokKind::LBracket | TokKind::Str | TokKind::True | TokKind::False
        ) {
            return Err(self.error_here(Kind::Syntax, "expected '{', '[', ']', string, or boolean"));
        }
        loop {
            values.push(self.get_expr()?);
            match self.kind() {
                TokKind::RBracket => {
                    self.accept(true)?;
                    return Ok(values);
                }
                TokKind::Comma => {}
                TokKind::Str | TokKind::LBrace | TokKind::LBracket if self.ctx.lenient => continue,
                _ => return Err(self.error_here(Kind::Syntax, "expected ',' or ']'")),
            }
            self.accept(true)?;
            if self.ctx.lenient && *self.kind() == TokKind::RBracket {
                self.accept(true)?;
                return Ok(values);
            }
        }
    }

    pub(crate) fn get_expr(&mut self) -> Result<Node> {
        let (line, col) = self.here();
        let value = match self.kind() {
            TokKind::LBrace => {
                self.accept(true)?;
                Value::Object(self.get_members()?)
            }
            TokKind::LBracket => {
                self.accept(true)?;
                Value::List(self.get_values()?)
            }
            TokKind::Str => {
                let s = self.take_str();
                self.accept(true)?;
                Value::Str(s)
            }
            TokKind::True => {
                self.accept(true)?;
                Value::Bool(true)
            }
            TokKind::False => {
                self.accept(true)?;
                Value::Bool(false)
            }
            _ => return Err(self.error_here(Kind::Syntax, "expected '{', '[', string, or boolean")),
        };
        Ok(self.node(value, line, col))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_read_straight_or_normalized() {
        let dir = std::env::temp_dir().join(format!("qapi-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (content, expected) in [
            (&b"{ 'a': 'b' }\n"[..], Ok("{ 'a': 'b' }\n")),
            (b"x\r\ny\rz", Ok("x\ny\nz\n")),
            (b"no newline", Ok("no newline\n")),
            (b"", Ok("\n")),
            (b"caf\xe9\n", Err("invalid UTF-8")),
        ] {
            let f = dir.join("f.json");
            std::fs::write(&f, content).unwrap();
            let got = super::read_source(f.to_str().unwrap());
            assert_eq!(got.as_deref().map_err(String::as_str), expected);
        }
        assert!(super::read_source(dir.join("missing").to_str().unwrap()).is_err());
        // A file whose size changed after it was asked for (grown: more
        // than `len` bytes; shrunk: fewer) is left to the general path.
        let f = dir.join("g.json");
        std::fs::write(&f, "{ 'a': 'b' }\n").unwrap();
        let read = |len| super::read_plain_source(&mut std::fs::File::open(&f).unwrap(), len);
        assert_eq!(read(13).as_deref(), Some("{ 'a': 'b' }\n"));
        assert_eq!(read(12), None);
        assert_eq!(read(14), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn build_reading_keeps_only_what_was_not_checked_early() {
        let dir = std::env::temp_dir().join(format!("qapi-keep-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let root = dir.join("root.json");
        // `my_cmd` fails the strict early checks (its name needs the
        // pragma's exception), `other-cmd` passes them.
        std::fs::write(
            &root,
            "{ 'pragma': { 'doc-required': false,\n\
                           'command-name-exceptions': [ 'my_cmd' ] } }\n\
             { 'command': 'my_cmd', 'data': { 'a': 'int' } }\n\
             ##\n# @other-cmd:\n#\n# Does nothing.\n#\n# @b: a member\n##\n\
             { 'command': 'other-cmd', 'data': { 'b': 'int' } }\n",
        )
        .unwrap();
        let root = root.to_str().unwrap();
        let whole = parse_schema(root, StyleRules::Error, false).unwrap();
        let built = parse_schema_to_build(root, StyleRules::Error, false).unwrap();
        let (_, early) = built.early.as_ref().unwrap();
        let members =
            |p: &Parsed| -> Vec<usize> { p.exprs.iter().map(|e| e.members.len()).collect() };
        assert_eq!(members(&whole), [2, 2]);
        assert_eq!(
            early.iter().map(Option::is_some).collect::<Vec<_>>(),
            [false, true]
        );
        assert_eq!(members(&built), [2, 0]);
        // Either way, the same schema.
        let dump = |s| crate::dump::dump(&s);
        let opts = crate::Options::default();
        assert_eq!(
            dump(crate::load(root, &opts).unwrap()),
            dump(crate::build(root, whole, &opts).unwrap())
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn include_scan_finds_directives() {
        let src = "{ 'include': 'a.json' }\n# { 'include' : 'b.json' }\n\
                   {'include':'sub/c.json'}\n{ 'include': 'broken\n{ 'enum': 'include' }\n";
        let found: Vec<&str> = super::scan_includes(src).collect();
        // The comment's is found too: reading it ahead is harmless.
        assert_eq!(found, ["a.json", "b.json", "sub/c.json"]);
    }

    fn err(src: &str) -> String {
        parse_str("t.json", src, StyleRules::Error, false)
            .unwrap_err()
            .render_short()
    }

    #[test]
    fn parses_expressions() {
        let p = parse_str(
            "t.json",
            "{ 'enum': 'E', 'data': [ 'a', 'b' ] }\n",
            StyleRules::Error,
            false,
        )
        .unwrap();
        assert_eq!(p.exprs.len(), 1);
        assert_eq!(
            p.exprs[0].get("enum").unwrap().value,
            Value::Str("E".into())
        );
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        assert_eq!(err("{ 'a' 'b' }\n"), "t.json:1:7: expected ':'");
        assert_eq!(
            err("{ 'a': 'b' 'c' }\n"),
            "t.json:1:12: expected ',' or '}'"
        );
        assert_eq!(err("{ 'a': 1 }\n"), "t.json:1:8: stray '1'");
        assert_eq!(
            err("[ 'a' ]\n"),
            "t.json:1: top-level expression must be an object"
        );
        assert_eq!(
            err("{ 'a': 'x', 'a': 'y' }\n"),
            "t.json:1:18: duplicate key 'a'"
        );
        assert_eq!(err("{ 'a': [ 'x' }\n"), "t.json:1:14: expected ',' or ']'");
        assert_eq!(
            err("{ 'a': \n"),
            "t.json:1:8: expected '{', '[', string, or boolean"
        );
    }

    #[test]
    fn pragmas_apply_globally() {
        let p = parse_str(
            "t.json",
            "{ 'pragma': { 'doc-required': true } }\n",
            StyleRules::Error,
            false,
        )
        .unwrap();
        assert!(p.pragma.doc_required);
        assert_eq!(
            err("{ 'pragma': { 'bogus': true } }\n"),
            "t.json:1: unknown pragma 'bogus'"
        );
    }

    #[test]
    fn lenient_trailing_commas() {
        let src =
            "{ 'struct': 'A', 'data': { 'a': 'int', }, }\n{ 'enum': 'E', 'data': [ 'x', ] }\n";
        assert!(parse_str("t.json", src, StyleRules::Off, false).is_err());
        assert_eq!(
            parse_str("t.json", src, StyleRules::Off, true)
                .unwrap()
                .exprs
                .len(),
            2
        );
    }

    #[test]
    fn join_dir_like_python() {
        assert_eq!(join_dir("a.json", "b.json"), "b.json");
        assert_eq!(join_dir("d/a.json", "b.json"), "d/b.json");
        assert_eq!(join_dir("d/a.json", "../b.json"), "d/../b.json");
        assert_eq!(join_dir("/a.json", "b.json"), "/b.json");
    }
}
