//! `qapi-gen conditions --from-qmp-schema`: the build conditions of the
//! QEMU 10.0.2 binaries the transcripts were recorded from, found from
//! their `query-qmp-schema` replies, are the lists recorded beside them
//! (less the names their replies cannot show), and the introspection made
//! with them equals the reply.  Skips without `../shared`, unless
//! `QAPI_REQUIRE_CORPUS=1`.

use std::collections::BTreeSet;
use std::process::Command;

use qapi_codegen::conditions;
use qapi_schema::corpus::shared_dir;

fn qapi_gen(args: &[&str]) -> (i32, String) {
    qapi_gen_with_input(args, &[])
}

fn qapi_gen_with_input(args: &[&str], input: &[u8]) -> (i32, String) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_qapi-gen"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn build_conditions_from_live_replies() {
    let Some(shared) = shared_dir() else { return };
    let c = shared.join("corpus");
    for (server, root) in [
        ("qemu-system-x86_64", "qemu-10.0.2/qapi/qapi-schema.json"),
        (
            "qemu-storage-daemon",
            "qemu-10.0.2/storage-daemon/qapi/qapi-schema.json",
        ),
    ] {
        let reply = c.join(format!("qmp-transcripts/qmp-schema-{server}.json"));
        let root = c.join(root);
        let (code, out) = qapi_gen(&[
            "conditions",
            "--from-qmp-schema",
            reply.to_str().unwrap(),
            root.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{server}: {out}");
        let found: BTreeSet<String> = conditions::parse_list(&out).into_iter().collect();
        let undecided: BTreeSet<String> = out
            .lines()
            .filter_map(|l| {
                l.strip_prefix("# ")?
                    .strip_suffix(": undecided (changes nothing this reply shows)")
            })
            .map(str::to_owned)
            .collect();
        let recorded: BTreeSet<String> =
            conditions::read_list(c.join(format!("qmp-transcripts/build-conditions-{server}.txt")))
                .unwrap()
                .into_iter()
                .collect();
        // Every name found is recorded; every recorded name is found or
        // undecided.
        assert!(found.is_subset(&recorded), "{server}: {found:?}");
        let missing: Vec<_> = recorded.difference(&found).collect();
        assert!(
            missing.iter().all(|n| undecided.contains(*n)),
            "{server}: {missing:?} neither found nor undecided"
        );
        // The found conditions give the binary's introspection exactly.
        let schema = qapi_codegen::builder::load(root.to_str().unwrap()).unwrap();
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&reply).unwrap()).unwrap();
        let found: Vec<String> = found.into_iter().collect();
        let got = qapi_schema::introspect::introspect_with(&schema, &found, false);
        assert!(got == want["return"], "{server}: introspection differs");
    }
}

#[test]
fn every_condition_of_a_schema() {
    let Some(shared) = shared_dir() else { return };
    let root = shared.join("corpus/qemu-10.2/qga/qapi-schema.json");
    let (code, out) = qapi_gen(&["conditions", root.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(
        conditions::parse_list(&out),
        [
            "CONFIG_FREEBSD",
            "CONFIG_FSFREEZE",
            "CONFIG_FSTRIM",
            "CONFIG_GETLOADAVG",
            "CONFIG_LIBUDEV",
            "CONFIG_LINUX",
            "CONFIG_WIN32",
            "HAVE_GETIFADDRS",
            "HAVE_UTMPX"
        ]
    );
}

#[test]
fn a_reply_of_another_schema_exits_1() {
    let Some(shared) = shared_dir() else { return };
    let c = shared.join("corpus");
    // The storage daemon's reply is not the system emulator's schema.
    let reply = c.join("qmp-transcripts/qmp-schema-qemu-storage-daemon.json");
    let root = c.join("qemu-10.0.2/qapi/qapi-schema.json");
    let (code, _) = qapi_gen(&[
        "conditions",
        "--from-qmp-schema",
        reply.to_str().unwrap(),
        root.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
}

/// What the README shows: the reply of a running qemu-system-x86_64 (as
/// `qmp exec ... query-qmp-schema` prints it) piped into `qapi-gen
/// conditions --from-qmp-schema -`.
#[test]
fn build_conditions_of_a_running_qemu() {
    let Some(shared) = shared_dir() else { return };
    let Some(sys) = qmp_cli::testing::qemu_system() else {
        return;
    };
    let mut c = qmp::client::blocking::Client::connect_unix(&sys.socket).unwrap();
    let reply = c.execute_raw("query-qmp-schema", None).unwrap();
    let root = shared.join("corpus/qemu-10.0.2/qapi/qapi-schema.json");
    let (code, out) = qapi_gen_with_input(
        &[
            "conditions",
            "--from-qmp-schema",
            "-",
            root.to_str().unwrap(),
        ],
        reply.to_string().as_bytes(),
    );
    assert_eq!(code, 0, "{out}");
    let recorded = conditions::read_list(
        shared.join("corpus/qmp-transcripts/build-conditions-qemu-system-x86_64.txt"),
    )
    .unwrap();
    let found = conditions::parse_list(&out);
    assert!(found.len() > 30, "{out}");
    assert!(found.iter().all(|n| recorded.contains(n)), "{out}");
}
