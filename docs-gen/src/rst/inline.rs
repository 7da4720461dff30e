//! The markup inside a paragraph: literals, emphasis, roles, references
//! to definitions (`@name`, `` `name` ``), hyperlinks.

/// A piece of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inline<'t> {
    Text(&'t str),
    /// ``` ``text`` ```, `:code:`, `:samp:` and the like.
    Code(&'t str),
    /// `*text*`
    Emph(&'t str),
    /// `**text**`
    Strong(&'t str),
    /// A definition: `@name`, `` `name` `` (the default role of QEMU's
    /// manual), `:qapi:event:`name``.
    Ref(&'t str),
    /// `` `qapi-qmp-index` ``: the index of the reference; the namespace
    /// (`qmp`).
    Index(&'t str),
    /// A reference to another document (`:doc:`, `:ref:`, other roles):
    /// the words a reader sees.
    Cite(&'t str),
    /// `` `text <url>`_ `` or a bare URL.
    Link {
        text: &'t str,
        url: &'t str,
    },
}

/// Characters a name of a `@name` reference is made of.
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'
}

/// The name of the `@name` reference at byte `at` of `s` (where `s` has
/// an `@`), if it is one: not preceded by a letter or digit, at least a
/// character long, a trailing `.` not included.
pub fn ref_at(s: &str, at: usize) -> Option<&str> {
    let after = &s[at + 1..];
    let n = after.find(|c| !is_name_char(c)).unwrap_or(after.len());
    let name = after[..n].trim_end_matches('.');
    let prev_ok = at == 0 || !s.as_bytes()[at - 1].is_ascii_alphanumeric();
    (!name.is_empty() && prev_ok).then_some(name)
}

/// Whether inline markup may start after `prev` (rST: at the start, after
/// white space or opening punctuation).
fn starts_after(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || "'\"([{<-/:".contains(c))
}

/// `Title <target>`: the title and the target (the whole text when it
/// has no target).
fn title_target(s: &str) -> (&str, &str) {
    match s.strip_suffix('>').and_then(|s| s.rsplit_once('<')) {
        Some((t, target)) if !t.trim().is_empty() => (t.trim(), target),
        Some((_, target)) => (target, target),
        None => (s, s),
    }
}

/// The piece an interpreted text `` `content` `` with `role` stands for.
fn role<'t>(role: Option<&str>, content: &'t str) -> Inline<'t> {
    let (title, target) = title_target(content);
    let target = target.trim_start_matches('~');
    match role {
        None => match target
            .strip_prefix("qapi-")
            .and_then(|t| t.strip_suffix("-index"))
        {
            Some(ns) => Inline::Index(ns),
            None => Inline::Ref(target),
        },
        Some(
            "code" | "literal" | "samp" | "file" | "command" | "option" | "envvar" | "kbd"
            | "program",
        ) => Inline::Code(content),
        Some("emphasis" | "dfn") => Inline::Emph(content),
        Some("strong") => Inline::Strong(content),
        Some(r) if r.starts_with("qapi:") || matches!(r, "any" | "event" | "cmd" | "type") => {
            Inline::Ref(target)
        }
        Some("doc") if title == target => Inline::Cite(target.trim_start_matches('/')),
        Some(_) => Inline::Cite(title),
    }
}

/// Splits a paragraph into pieces.  Markup that is not closed stays text.
pub fn inline(text: &str) -> Vec<Inline<'_>> {
    let mut out = Vec::new();
    let mut plain = 0; // start of the text not yet pushed
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        let prev = text[..i].chars().next_back();
        let found: Option<(Inline, usize)> = match b[i] {
            b'`' if text[i..].starts_with("``") => text[i + 2..]
                .find("``")
                .filter(|&n| n > 0)
                .map(|n| (Inline::Code(&text[i + 2..i + 2 + n]), i + 4 + n)),
            b'`' => interpreted(text, i, None),
            b':' if starts_after(prev) => {
                let name_len = text[i + 1..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || "-_+.:".contains(c)))
                    .unwrap_or(text.len() - i - 1);
                let name = &text[i + 1..i + 1 + name_len];
                match name.strip_suffix(':') {
                    Some(r) if !r.is_empty() && text[i + 1 + name_len..].starts_with('`') => {
                        interpreted(text, i + 1 + name_len, Some(r))
                    }
                    _ => None,
                }
            }
            b'*' if starts_after(prev) => emphasis(text, i),
            b'@' => ref_at(text, i).map(|n| (Inline::Ref(n), i + 1 + n.len())),
            b'h' if starts_after(prev)
                && (text[i..].starts_with("https://") || text[i..].starts_with("http://")) =>
            {
                let n = text[i..]
                    .find(|c: char| c.is_whitespace() || c == '>')
                    .unwrap_or(text.len() - i);
                let url = text[i..i + n].trim_end_matches(['.', ',', ';', ':', ')', '\'', '"']);
                Some((Inline::Link { text: url, url }, i + url.len()))
            }
            _ => None,
        };
        match found {
            Some((piece, end)) => {
                if plain < i {
                    out.push(Inline::Text(&text[plain..i]));
                }
                out.push(piece);
                i = end;
                plain = end;
            }
            None => i += text[i..].chars().next().map_or(1, char::len_utf8),
        }
    }
    if plain < text.len() {
        out.push(Inline::Text(&text[plain..]));
    }
    out
}

/// Interpreted text starting with the backtick at `at`: a role's content,
/// a reference to a definition, or a hyperlink (`` `text <url>`_ ``).
fn interpreted<'t>(text: &'t str, at: usize, r: Option<&'t str>) -> Option<(Inline<'t>, usize)> {
    let n = text[at + 1..].find('`').filter(|&n| n > 0)?;
    let content = &text[at + 1..at + 1 + n];
    let mut end = at + 2 + n;
    if r.is_none() && text[end..].starts_with('_') {
        end += if text[end..].starts_with("__") { 2 } else { 1 };
        let (title, target) = title_target(content);
        let piece = if target.contains("://") {
            Inline::Link {
                text: title,
                url: target,
            }
        } else {
            Inline::Cite(title)
        };
        return Some((piece, end));
    }
    Some((role(r, content), end))
}

/// `*text*` or `**text**` at `at`: the closing marker must follow a
/// character that is no white space.
fn emphasis(text: &str, at: usize) -> Option<(Inline<'_>, usize)> {
    let strong = text[at..].starts_with("**");
    let m = if strong { "**" } else { "*" };
    let from = at + m.len();
    let rest = &text[from..];
    if rest.starts_with(char::is_whitespace) || rest.starts_with('*') || rest.is_empty() {
        return None;
    }
    let mut search = 0;
    while let Some(k) = rest[search..].find(m) {
        let close = search + k;
        let before = rest[..close].chars().next_back();
        if close > 0 && before.is_some_and(|c| !c.is_whitespace()) {
            let inner = &rest[..close];
            let piece = if strong {
                Inline::Strong(inner)
            } else {
                Inline::Emph(inner)
            };
            return Some((piece, from + close + m.len()));
        }
        search = close + m.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::Inline::*;
    use super::*;

    #[test]
    fn pieces() {
        assert_eq!(
            inline("Use ``x y`` with @arg, `query-status` or *not*; see the `qapi-qmp-index`."),
            [
                Text("Use "),
                Code("x y"),
                Text(" with "),
                Ref("arg"),
                Text(", "),
                Ref("query-status"),
                Text(" or "),
                Emph("not"),
                Text("; see the "),
                Index("qmp"),
                Text(".")
            ]
        );
        assert_eq!(
            inline(":doc:`QEMU Machine Protocol Specification </interop/qmp-spec>` and :doc:`/devel/qapi-code-gen`"),
            [
                Cite("QEMU Machine Protocol Specification"),
                Text(" and "),
                Cite("devel/qapi-code-gen")
            ]
        );
        assert_eq!(
            inline("the :qapi:event:`MIGRATION` event, :ref:`cpu-topology`, **bold**"),
            [
                Text("the "),
                Ref("MIGRATION"),
                Text(" event, "),
                Cite("cpu-topology"),
                Text(", "),
                Strong("bold")
            ]
        );
        assert_eq!(
            inline("see https://example.org/a.pdf. Or `this <https://example.org>`_"),
            [
                Text("see "),
                Link {
                    text: "https://example.org/a.pdf",
                    url: "https://example.org/a.pdf"
                },
                Text(". Or "),
                Link {
                    text: "this",
                    url: "https://example.org"
                }
            ]
        );
        // Not markup: a lone star, an address, an unclosed literal.
        assert_eq!(inline("2 * 3, a@b, ``open"), [Text("2 * 3, a@b, ``open")]);
    }
}
