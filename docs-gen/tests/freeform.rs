//! Issue 19: QEMU's free-form doc sections in the Markdown and HTML
//! references, and `check --strict` on malformed ones.

mod common;

use std::path::Path;

fn qemu() -> Option<(qapi_schema::Schema, Vec<(u8, String)>)> {
    let root = common::corpus()?.join("qemu-10.2/qapi/qapi-schema.json");
    let schema = qapi_schema::load(root.to_str().unwrap(), &Default::default()).unwrap();
    Some((schema, common::qemu_titles(&root)))
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

const INTRODUCTION: &str =
    "This manual describes the commands and events supported by the QEMU Monitor Protocol (QMP).";

/// Raw rST a reference must not show.
fn assert_no_raw_markup(what: &str, text: &str) {
    assert_eq!(common::adornment_lines(text), Vec::<&str>::new(), "{what}");
    for raw in [
        ":doc:`",
        "`qapi-qmp-index`",
        ".. qmp-example::",
        ".. note::",
        ".. admonition::",
    ] {
        assert!(!text.contains(raw), "{what} shows {raw}");
    }
}

#[test]
fn qemu_markdown_follows_the_chapters() {
    let Some((schema, titles)) = qemu() else {
        return;
    };
    assert_eq!(titles.len(), 45, "{titles:?}");
    let md = docs_gen::markdown::render(&schema);
    assert_no_raw_markup("Markdown", &md);
    // Headings at their level, in document order; QEMU's older
    // `== Title` markup (acpi-hest.json) is a title too.
    let headings: Vec<(u8, String)> = md
        .lines()
        .filter_map(|l| {
            let (hashes, rest) = l.split_once(" <a id=\"doc-")?;
            let text = rest.split_once("</a>")?.1;
            Some((hashes.len() as u8, text.to_owned()))
        })
        .collect();
    let mut want = titles.clone();
    let acpi = want.iter().position(|(_, t)| t == "ACPI").unwrap();
    want.insert(acpi + 1, (3, "GHESv2 CPER Error Injection".into()));
    assert_eq!(headings, want);
    // The table of contents: chapters, sections nested one level.
    let toc: Vec<(u8, String)> = md
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| {
            let depth = (l.len() - l.trim_start().len()) / 2;
            let text = l.trim_start().strip_prefix("- [")?.split_once("](#doc-")?.0;
            Some((depth as u8 + 2, text.to_owned()))
        })
        .collect();
    assert_eq!(toc, want);
    // Definitions sit under their chapter: the table of contents lists
    // QMP errors' only type and query-status under "VM run state".
    assert!(md.contains("- [QMP errors](#doc-qmp-errors): [`QapiErrorClass`](#QapiErrorClass)\n"));
    let run_state = md
        .lines()
        .find(|l| l.starts_with("- [VM run state]"))
        .unwrap();
    assert!(
        run_state.contains("[`query-status`](#query-status)"),
        "{run_state}"
    );
    let intro = md.split("## <a id=\"doc-qmp-errors\">").next().unwrap();
    assert!(words(intro).contains(INTRODUCTION), "{intro}");
    assert!(intro.contains("[QMP index](#index)"), "{intro}");
    assert!(
        intro.contains("*QEMU Machine Protocol Specification*"),
        "{intro}"
    );
    assert!(
        intro.contains("```text\n-> ... text sent by client (commands) ...\n"),
        "{intro}"
    );
}

#[test]
fn qemu_html_follows_the_chapters() {
    let Some((schema, titles)) = qemu() else {
        return;
    };
    let html = docs_gen::html::render(&schema);
    let text = {
        // The page's text without its tags.
        let mut t = String::new();
        let mut tag = false;
        for c in html.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                c if !tag => t.push(c),
                _ => {}
            }
        }
        t
    };
    assert_no_raw_markup("HTML", &text);
    for (level, title) in &titles {
        let open = format!("<h{level} class=\"title\" id=\"doc-");
        let found = html.match_indices(&open).any(|(i, _)| {
            html[i..]
                .split_once('>')
                .unwrap()
                .1
                .starts_with(&format!("{title}</h{level}>"))
        });
        assert!(found, "no <h{level}> for {title}");
    }
    // The navigation's groups: the same titles, in the same order.
    let nav: Vec<&str> = html
        .split("<a class=\"title\" href=\"#doc-")
        .skip(1)
        .map(|s| s.split_once('>').unwrap().1.split_once("</a>").unwrap().0)
        .collect();
    let mut want: Vec<&str> = titles.iter().map(|(_, t)| t.as_str()).collect();
    let acpi = want.iter().position(|t| *t == "ACPI").unwrap();
    want.insert(acpi + 1, "GHESv2 CPER Error Injection");
    assert_eq!(nav, want);
    assert!(words(&text).contains(INTRODUCTION));
    // The notation example is highlighted, the Notes of `migrate` are an
    // admonition with an enumerated list.
    let intro = html.split("id=\"doc-qmp-errors\"").next().unwrap();
    assert!(intro.contains("<pre class=\"example\"><span class=\"arrow send\">-&gt;</span>"));
    let migrate = html
        .split("id=\"migrate\"")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert!(migrate.contains("<p class=\"admonition-title\">Notes</p>\n<ol>\n<li>The <a href=\"#query-migrate\"><code>query-migrate</code></a> command"), "{migrate}");
}

#[test]
fn qemu_doc_markup_is_clean() {
    let Some((schema, _)) = qemu() else { return };
    let found = docs_gen::lint::check(&schema, &[])
        .into_iter()
        .filter(|f| f.rule == "doc-markup")
        .map(|f| f.to_string())
        .collect::<Vec<_>>();
    assert_eq!(found, Vec::<String>::new());
}

/// A schema of our own with the two mistakes the rule reports.
#[test]
fn malformed_free_form_sections_are_reported_with_file_and_line() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("doc-markup");
    std::fs::create_dir_all(&dir).unwrap();
    let root = dir.join("qapi-schema.json");
    std::fs::write(
        &root,
        "##\n# **********\n# A chapter title\n# **********\n#\n# Some text.\n##\n\n\
         ##\n#\n# Section\n# ====\n#\n# .. sidenote:: A word aside.\n##\n\n\
         ##\n# @ping:\n#\n# Answers.\n#\n# .. hint:: Cheap.\n#\n# Since: 1.0\n##\n\
         { 'command': 'ping' }\n",
    )
    .unwrap();
    let schema = qapi_schema::load(root.to_str().unwrap(), &Default::default()).unwrap();
    let found: Vec<String> = docs_gen::lint::markup(&schema)
        .iter()
        .map(|f| f.to_string())
        .collect();
    let file = root.display();
    assert_eq!(
        found,
        [
            format!("{file}:3: title adornment is shorter than its text 'A chapter title' (10 < 15 characters) [doc-markup]"),
            format!("{file}:11: title adornment is shorter than its text 'Section' (4 < 7 characters) [doc-markup]"),
            format!("{file}:14: unknown directive 'sidenote' [doc-markup]"),
        ]
    );
    // `check --strict` reports them with the other rules, `--allow`
    // relaxes them.
    assert_eq!(
        docs_gen::lint::check(&schema, &[])
            .iter()
            .filter(|f| f.rule == "doc-markup")
            .count(),
        3
    );
    assert!(docs_gen::lint::check(&schema, &["doc-markup".into()])
        .iter()
        .all(|f| f.rule != "doc-markup"));
    // The references still render them: titles as headings, the unknown
    // directive's words verbatim, no adornment.
    let md = docs_gen::markdown::render(&schema);
    assert!(
        md.contains("## <a id=\"doc-a-chapter-title\"></a>A chapter title\n"),
        "{md}"
    );
    assert!(
        md.contains("### <a id=\"doc-section\"></a>Section\n"),
        "{md}"
    );
    assert!(md.contains("```\nA word aside.\n```"), "{md}");
    assert!(md.contains("> **Hint**\n>\n> Cheap.\n"), "{md}");
    assert_no_raw_markup("Markdown", &md);
    let html = docs_gen::html::render(&schema);
    assert!(html.contains("<h2 class=\"title\" id=\"doc-a-chapter-title\">A chapter title</h2>"));
    assert!(html.contains("<h3 class=\"title\" id=\"doc-section\">Section</h3>"));
}

/// Our example schema's free-form sections: a chapter, a section, lists,
/// a literal block and an example, in both references (the snapshots
/// hold the whole pages).
#[test]
fn example_schema_free_form_sections() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema/qapi-schema.json");
    let schema = qapi_schema::load(root.to_str().unwrap(), &Default::default()).unwrap();
    let md = docs_gen::markdown::render(&schema);
    assert_no_raw_markup("Markdown", &md);
    for want in [
        "## <a id=\"doc-the-qapi-forge-example-vm\"></a>The qapi-forge example VM\n",
        "### <a id=\"doc-reading-this-reference\"></a>Reading this reference\n",
        "\n- the release that added it;\n",
        "\n2. The client answers with [`qmp_capabilities`](#qmp_capabilities), which ends\n",
        "socket:\n\n```\n$ socat - UNIX-CONNECT:example-vm.sock\n```\n",
        "*Example*\n\n```text\n-> { \"execute\": \"query-status\" }\n",
        "  - [Events](#doc-events): [`SHUTDOWN`](#SHUTDOWN),",
    ] {
        assert!(md.contains(want), "{want}");
    }
    let html = docs_gen::html::render(&schema);
    for want in [
        "<h3 class=\"title\" id=\"doc-reading-this-reference\">Reading this reference</h3>",
        "<ul>\n<li>what it takes or holds",
        "<ol>\n<li>The server greets",
        "<pre>$ socat - UNIX-CONNECT:example-vm.sock</pre>",
        "<p class=\"example-title\">Example</p><pre class=\"example\"><span class=\"arrow send\">",
    ] {
        assert!(html.contains(want), "{want}");
    }
}
