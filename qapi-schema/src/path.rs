//! File names as QEMU's Python front end handles them: `os.path.abspath`,
//! `os.path.join` of an included file, `os.path.relpath` of a module.

use std::path::{Component, Path, PathBuf};

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
pub(crate) fn join_dir(base: &str, rel: &str) -> String {
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

/// `os.path.relpath(path, start)`, `start` absolute and normalized.
pub(crate) fn relpath(cwd: &Cwd, path: &str, start: &Path) -> String {
    let p = abspath_in(cwd, path);
    let pc: Vec<_> = p.components().collect();
    let sc: Vec<_> = start.components().collect();
    let common = pc.iter().zip(&sc).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".into(); sc.len() - common];
    parts.extend(
        pc[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// The C library's text for an I/O error, without Rust's "(os error N)".
pub(crate) fn strerror(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_dir_like_python() {
        assert_eq!(join_dir("a.json", "b.json"), "b.json");
        assert_eq!(join_dir("d/a.json", "b.json"), "d/b.json");
        assert_eq!(join_dir("d/a.json", "../b.json"), "d/../b.json");
        assert_eq!(join_dir("/a.json", "b.json"), "/b.json");
    }

    #[test]
    fn relpath_like_python() {
        let cwd = Cwd::default();
        let start = Path::new("/s/qapi");
        assert_eq!(relpath(&cwd, "/s/qapi/a.json", start), "a.json");
        assert_eq!(relpath(&cwd, "/s/qapi/sub/../b.json", start), "b.json");
        assert_eq!(relpath(&cwd, "/s/other/c.json", start), "../other/c.json");
        assert_eq!(relpath(&cwd, "/s/qapi", start), ".");
    }
}
