//! Shared by the tests: where `../shared` is.

use std::path::PathBuf;

/// `../shared/corpus`, or `None` (printing SKIPPED) when absent and
/// QAPI_REQUIRE_CORPUS is not 1 (see `qapi_schema::corpus`).
pub fn corpus() -> Option<PathBuf> {
    qapi_schema::corpus::shared_dir().map(|s| s.join("corpus"))
}

/// The rST titles of a QEMU schema, in the order QEMU's manual shows them
/// (each file at its first include): (level, text), `*` over and under
/// 2, `=` 3, `-` 4.  Read from the files directly, without the front end,
/// as the oracle for the references' headings.
#[allow(dead_code)] // not every test uses it
pub fn qemu_titles(root: &std::path::Path) -> Vec<(u8, String)> {
    fn adornment(l: &str) -> Option<char> {
        let c = l.chars().next()?;
        (l.len() >= 3 && "*=-^\"~#".contains(c) && l.chars().all(|x| x == c)).then_some(c)
    }
    fn walk(path: &std::path::Path, seen: &mut Vec<PathBuf>, out: &mut Vec<(u8, String)>) {
        let path = path.canonicalize().unwrap();
        if seen.contains(&path) {
            return;
        }
        seen.push(path.clone());
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let comment = |k: usize| lines.get(k).and_then(|l| l.strip_prefix("# "));
        for (i, l) in lines.iter().enumerate() {
            if let Some(rest) = l.trim_start().strip_prefix("{ 'include': '") {
                let file = rest.split('\'').next().unwrap();
                walk(&path.parent().unwrap().join(file), seen, out);
                continue;
            }
            let (Some(t), Some(u)) = (comment(i), comment(i + 1)) else {
                continue;
            };
            let Some(c) = adornment(u).filter(|_| adornment(t).is_none()) else {
                continue;
            };
            let over = i > 0 && comment(i - 1) == Some(u);
            let level = match c {
                '*' if over => 2,
                '=' => 3,
                '-' => 4,
                _ => panic!("{}:{}: unexpected adornment", path.display(), i + 2),
            };
            out.push((level, t.trim().to_owned()));
        }
    }
    let mut out = Vec::new();
    walk(root, &mut Vec::new(), &mut out);
    out
}

/// Lines that are one punctuation character repeated (rST adornment):
/// none may reach a reference.  `.` (elisions) and `` ` `` (Markdown
/// fences) do not count.
#[allow(dead_code)]
pub fn adornment_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            let t = l.trim();
            let c = t.chars().next();
            t.len() >= 3
                && c.is_some_and(|c| c.is_ascii_punctuation() && c != '.' && c != '`')
                && t.chars().all(|x| Some(x) == c)
        })
        .collect()
}
