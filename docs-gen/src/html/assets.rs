//! The style sheet and script every page embeds.

pub const CSS: &str = r#"
:root { --fg:#1d2330; --muted:#5b6478; --bg:#fff; --side:#f4f5f8; --line:#dde1ea; --accent:#2356c7; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui, sans-serif; color:var(--fg); background:var(--bg); display:flex; }
nav { position:sticky; top:0; height:100vh; overflow:auto; width:300px; flex:none; background:var(--side); border-right:1px solid var(--line); padding:12px; }
nav input { width:100%; padding:6px 8px; font-size:15px; border:1px solid var(--line); border-radius:4px; }
nav ul { list-style:none; margin:0; padding:0; }
nav li a { display:block; padding:1px 6px; color:var(--fg); text-decoration:none; font-family:monospace; font-size:13px; overflow:hidden; text-overflow:ellipsis; }
nav li a:hover, nav li a.hit { background:#dfe6f7; }
nav li.group > a.title { font:600 14px/1.4 system-ui, sans-serif; margin-top:10px; white-space:normal; }
nav li.group li.group > a.title { font-weight:500; margin-top:4px; padding-left:12px; }
nav li.group li.group > ul { padding-left:12px; }
.hidden { display:none !important; }
main { flex:1; min-width:0; padding:16px 32px; max-width:980px; }
section.def { border-top:1px solid var(--line); padding-top:8px; margin-top:18px; }
section.def:target { background:#fffbe6; }
h2.title { border-bottom:2px solid var(--line); margin:36px 0 8px; padding-bottom:4px; }
h3.title { margin:28px 0 6px; }
h4.title, h5.title, h6.title { margin:20px 0 6px; }
.name { font-family:monospace; font-size:18px; margin:4px 0; }
.name a.self { color:var(--fg); text-decoration:none; }
.meta { color:var(--muted); font-size:13px; font-family:system-ui, sans-serif; font-weight:normal; }
.badge { display:inline-block; font:12px system-ui, sans-serif; padding:0 6px; border-radius:8px; margin-left:4px; vertical-align:middle; }
.since { background:#e6eefc; color:#23407e; }
.deprecated { background:#fde2e1; color:#8a1c17; }
.unstable { background:#fff0c8; color:#7a5400; }
.cond { background:#e8f5e9; color:#1b5e20; }
dl.members dt { font-family:monospace; margin-top:6px; }
dl.members dd { margin-left:20px; }
code, pre { font-family:ui-monospace, monospace; font-size:13px; }
pre { background:#f6f8fa; border:1px solid var(--line); border-radius:4px; padding:8px; overflow:auto; }
pre.example .arrow.send { color:#0b7a0b; font-weight:bold; }
pre.example .arrow.recv { color:#a34f00; font-weight:bold; }
pre.example .key { color:#2356c7; }
pre.example .str { color:#a31515; }
pre.example .num { color:#098658; }
pre.example .kw { color:#7b30c2; }
pre.example .elided { color:var(--muted); }
.example-title { font-weight:600; margin-bottom:0; }
.admonition { border-left:4px solid var(--accent); background:#f4f7fd; padding:2px 12px; margin:10px 0; }
.admonition-title { font-weight:600; margin:6px 0 2px; }
blockquote { margin:8px 0 8px 20px; }
"#;

pub const JS: &str = r#"
(function () {
  var input = document.getElementById('search');
  var links = Array.prototype.slice.call(document.querySelectorAll('#index a[data-name]'));
  function filter() {
    var q = input.value.trim().toLowerCase();
    links.forEach(function (a) {
      var hit = q === '' || a.getAttribute('data-name').toLowerCase().indexOf(q) >= 0;
      a.parentNode.classList.toggle('hidden', !hit);
      a.classList.toggle('hit', q !== '' && a.getAttribute('data-name').toLowerCase() === q);
    });
    document.querySelectorAll('#index li.group').forEach(function (g) {
      g.classList.toggle('hidden', q !== '' && g.querySelector('li:not(.hidden) > a[data-name]') === null);
    });
  }
  function go() {
    var q = input.value.trim().toLowerCase();
    var exact = links.filter(function (a) { return a.getAttribute('data-name').toLowerCase() === q; });
    var shown = links.filter(function (a) { return !a.parentNode.classList.contains('hidden'); });
    var target = exact[0] || shown[0];
    if (target) { location.hash = '#' + target.getAttribute('data-name'); }
  }
  input.addEventListener('input', filter);
  input.addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { ev.preventDefault(); go(); } });
})();
"#;
