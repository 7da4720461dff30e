//! Issue 6, acceptance 4: the HTML reference of QEMU 10.2's QMP schema in
//! headless Chromium, driven through chromedriver's WebDriver HTTP API:
//! no console errors, a search for `blockdev-add` leads to its section,
//! a screenshot is saved, and every cross-link resolves.
//!
//! Issue 19, acceptance 3: QEMU's 45 rST titles are headings of their
//! level, in document order, in the page and in its navigation; the
//! Introduction's prose is shown; no line of adornment is.
//!
//! Skips visibly when the corpus or chromium/chromedriver are absent
//! (set QAPI_REQUIRE_CORPUS=1 / QAPI_REQUIRE_CHROMIUM=1 to fail instead).

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// One WebDriver request: method, path, optional JSON body.
fn call(port: u16, method: &str, path: &str, body: Option<&Value>) -> Value {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("chromedriver reachable");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // Read the head, then exactly Content-Length bytes (chromedriver may
    // keep the connection open).
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        let n = s.read(&mut buf).unwrap();
        raw.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&raw);
        if let Some((head, rest)) = text.split_once("\r\n\r\n") {
            let len = head.lines().find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case("content-length")
                    .then(|| v.trim().parse::<usize>().ok())?
            });
            if n == 0
                || len.is_some_and(|len| rest.len() >= len)
                || (len.is_none() && rest.ends_with("0\r\n\r\n"))
            {
                break;
            }
        }
        if n == 0 {
            break;
        }
    }
    let text = String::from_utf8_lossy(&raw);
    let (head, rest) = text.split_once("\r\n\r\n").expect("HTTP response");
    let payload = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(rest)
    } else {
        rest.to_owned()
    };
    serde_json::from_str(&payload).unwrap_or_else(|e| panic!("{e}: {head}\n{payload}"))
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= (val(*c) as u32) << (18 - 6 * i);
        }
        let k = chunk.len() * 6 / 8;
        out.extend_from_slice(&n.to_be_bytes()[1..1 + k]);
    }
    out
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn which(name: &str) -> Option<String> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
        .map(|p| p.display().to_string())
}

#[test]
fn qemu_reference_in_chromium() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let (Some(driver), Some(chromium)) = (which("chromedriver"), which("chromium")) else {
        assert!(
            std::env::var("QAPI_REQUIRE_CHROMIUM").as_deref() != Ok("1"),
            "chromium missing"
        );
        eprintln!("SKIP: chromium and chromedriver are not installed");
        return;
    };
    let root = corpus.join("qemu-10.2/qapi/qapi-schema.json");
    let schema = qapi_schema::load(root.to_str().unwrap(), &Default::default()).unwrap();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-reference");
    std::fs::create_dir_all(&out).unwrap();
    let page = out.join("index.html");
    std::fs::write(&page, docs_gen::html::render(&schema)).unwrap();

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _driver = Driver(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let t = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = out.join("profile");
    let _ = std::fs::remove_dir_all(&profile);
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:loggingPrefs": {"browser": "ALL"},
        "goog:chromeOptions": {"binary": chromium, "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--window-size=1280,900",
            format!("--user-data-dir={}", profile.display())]}}}});
    let r = call(port, "POST", "/session", Some(&caps));
    let sid = r["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("{r}"))
        .to_owned();
    let s = |p: &str| format!("/session/{sid}{p}");
    let script = |js: &str| {
        call(
            port,
            "POST",
            &s("/execute/sync"),
            Some(&json!({"script": js, "args": []})),
        )["value"]
            .clone()
    };

    call(
        port,
        "POST",
        &s("/url"),
        Some(&json!({"url": format!("file://{}", page.display())})),
    );
    assert_eq!(script("return document.readyState"), "complete");

    // The titles as the browser sees them: element, words, height.
    let titles = common::qemu_titles(&root);
    assert_eq!(titles.len(), 45, "{titles:?}");
    let headings = script(
        "return Array.from(document.querySelectorAll('main .title'))\
         .map(h => [h.tagName, h.textContent, h.getBoundingClientRect().height])",
    );
    let headings: Vec<(String, String)> = headings
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            assert!(h[2].as_f64().unwrap() > 10.0, "heading not shown: {h}");
            (h[0].as_str().unwrap().into(), h[1].as_str().unwrap().into())
        })
        // QEMU's older `== Title` markup: a title too, not one of the 45.
        .filter(|(_, t)| t != "GHESv2 CPER Error Injection")
        .collect();
    let want: Vec<(String, String)> = titles
        .iter()
        .map(|(level, t)| (format!("H{level}"), t.clone()))
        .collect();
    assert_eq!(headings, want);
    let nav = script(
        "return Array.from(document.querySelectorAll('#index a.title')).map(a => a.textContent)",
    );
    let nav: Vec<&str> = nav
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let want_nav: Vec<&str> = titles.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        nav.iter()
            .filter(|t| **t != "GHESv2 CPER Error Injection")
            .copied()
            .collect::<Vec<_>>(),
        want_nav
    );
    let text = script("return document.querySelector('main').innerText");
    let text = text.as_str().unwrap();
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "This manual describes the commands and events supported by the QEMU Monitor Protocol (QMP). \
             For locating a particular item, please see the QMP index. \
             The following notation is used in examples:"
        ),
        "Introduction missing"
    );
    assert!(words.contains(
        "Please refer to the QEMU Machine Protocol Specification for the general format"
    ));
    assert_eq!(common::adornment_lines(text), Vec::<&str>::new());
    let png = call(port, "GET", &s("/screenshot"), None);
    let shot = out.join("introduction.png");
    std::fs::write(&shot, base64(png["value"].as_str().unwrap())).unwrap();
    eprintln!(
        "screenshot: {}; {} titles are headings",
        shot.display(),
        headings.len()
    );

    // Search: type the name and press Enter.
    let el = call(
        port,
        "POST",
        &s("/element"),
        Some(&json!({"using": "css selector", "value": "#search"})),
    );
    let eid = el["value"]
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .unwrap()
        .to_owned();
    call(
        port,
        "POST",
        &s(&format!("/element/{eid}/value")),
        Some(&json!({"text": "blockdev-add\u{E007}"})),
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(script("return location.hash"), "#blockdev-add");
    let top = script("return document.getElementById('blockdev-add').getBoundingClientRect().top");
    assert!(
        top.as_f64().is_some_and(|t| t.abs() < 50.0),
        "section not scrolled into view: {top}"
    );
    let visible = script("return Array.from(document.querySelectorAll('#index li:not(.hidden) > a')).map(a => a.textContent)");
    assert!(
        visible
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v == "blockdev-add"),
        "{visible}"
    );

    // The navigation keeps the chapter and section of the match.
    let groups = script("return Array.from(document.querySelectorAll('#index li.group:not(.hidden) > a.title')).map(a => a.textContent)");
    assert_eq!(
        groups,
        json!(["Block devices", "Block core (VM unrelated)"])
    );

    let png = call(port, "GET", &s("/screenshot"), None);
    let shot = out.join("blockdev-add.png");
    std::fs::write(&shot, base64(png["value"].as_str().unwrap())).unwrap();
    eprintln!("screenshot: {}", shot.display());

    let broken = script(
        "var a = Array.from(document.querySelectorAll('a[href^=\"#\"]'));\
         return [a.length, a.map(x => x.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))];",
    );
    let links = broken[0].as_u64().unwrap();
    assert!(links > 1000, "only {links} cross-links");
    assert_eq!(broken[1], json!([]), "cross-links without a target");

    let log = call(
        port,
        "POST",
        &s("/se/log"),
        Some(&json!({"type": "browser"})),
    );
    let errors: Vec<&Value> = log["value"]
        .as_array()
        .map(|a| a.iter().filter(|e| e["level"] == "SEVERE").collect())
        .unwrap_or_default();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    call(port, "DELETE", &s(""), None);
    eprintln!("{links} cross-links resolve; no console errors");
}
