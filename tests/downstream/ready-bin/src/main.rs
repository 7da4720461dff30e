//! The ready crates of QEMU 10.2 against the QEMU 10.0.2 binaries on our
//! machines (version skew): `ready-bin system SOCKET` for
//! qemu-system-x86_64, `ready-bin storage SOCKET DIR` for
//! qemu-storage-daemon (DIR: a folder for the NBD server's socket),
//! `ready-bin agent SOCKET` for qemu-ga with the guest-agent crate.
//! Prints one line per step.

use std::time::Duration;

use qemu_qmp::client::BlockingClient;
use qemu_qmp::commands::{BlockExportDel, BlockdevDel, NbdServerStart, QueryNamedBlockNodes};
use qemu_qmp::events::Event;
use qemu_qmp::types::{
    BlockExportOptions, BlockExportOptionsBase, BlockExportOptionsNbd, BlockdevOptions,
    BlockdevOptionsBase, BlockdevOptionsNull, NbdServerOptionsLegacy, SocketAddressLegacy,
    UnixSocketAddress, UnixSocketAddressWrapper,
};
use qmp::client::blocking::Client;
use qmp::client::ClientError;

type Result<T> = std::result::Result<T, ClientError>;

fn version(c: &mut Client) -> Result<()> {
    let v = c.query_version()?;
    println!("version {}.{}.{}", v.qemu.major, v.qemu.minor, v.qemu.micro);
    Ok(())
}

fn add_null(c: &mut Client, node: &str) -> Result<()> {
    c.blockdev_add(
        BlockdevOptions::NullCo {
            base: BlockdevOptionsBase {
                node_name: Some(node.into()),
                ..Default::default()
            },
            data: BlockdevOptionsNull {
                size: Some(1 << 20),
                ..Default::default()
            },
        }
        .into(),
    )?;
    let nodes = c.query_named_block_nodes(QueryNamedBlockNodes::default())?;
    for n in nodes.iter().filter(|n| n.node_name == node) {
        println!("node {} {} {}", node, n.drv, n.image.virtual_size);
    }
    Ok(())
}

/// The next event, decoded into the generated enum.
fn next_event(c: &mut Client) -> Result<Event> {
    let msg = c
        .next_event(Some(Duration::from_secs(5)))?
        .ok_or(ClientError::Timeout)?;
    Ok(msg.decode::<Event>()?)
}

fn system(socket: &str) -> Result<()> {
    let mut c = Client::connect_unix(socket)?;
    version(&mut c)?;
    add_null(&mut c, "null0")?;
    match add_null(&mut c, "null0") {
        Err(ClientError::Qmp(e)) => println!("error {:?} {}", e.class, e.desc),
        other => panic!("a second null0: {other:?}"),
    }
    c.stop()?;
    if let Event::Stop(_) = next_event(&mut c)? {
        println!("event STOP");
    }
    c.cont()?;
    if let Event::Resume(_) = next_event(&mut c)? {
        println!("event RESUME");
    }
    c.blockdev_del(BlockdevDel::new("null0"))?;
    println!("removed null0");
    Ok(())
}

fn storage(socket: &str, dir: &str) -> Result<()> {
    let mut c = Client::connect_unix(socket)?;
    version(&mut c)?;
    add_null(&mut c, "disk0")?;
    let nbd = format!("{dir}/nbd.sock");
    c.nbd_server_start(NbdServerStart(NbdServerOptionsLegacy::new(
        SocketAddressLegacy::Unix {
            data: UnixSocketAddressWrapper::new(UnixSocketAddress::new(nbd)),
        },
    )))?;
    c.block_export_add(
        BlockExportOptions::Nbd {
            base: BlockExportOptionsBase::new("export0", "disk0"),
            data: BlockExportOptionsNbd::default(),
        }
        .into(),
    )?;
    println!("exported disk0");
    c.block_export_del(BlockExportDel {
        id: "export0".into(),
        mode: None,
    })?;
    match next_event(&mut c)? {
        Event::BlockExportDeleted(e) => println!("event BLOCK_EXPORT_DELETED {}", e.id),
        e => println!("event {}", e.name()),
    }
    c.nbd_server_stop()?;
    c.blockdev_del(BlockdevDel::new("disk0"))?;
    println!("removed disk0");
    Ok(())
}

/// The guest-agent crate's typed methods on the agent client: no
/// greeting, the client resynchronizes with guest-sync-delimited.
fn agent(socket: &str) -> Result<()> {
    use qemu_qga::client::BlockingClient as _;
    use qemu_qga::commands::{GuestExec, GuestExecStatus};
    use qemu_qga::types::GuestExecCaptureOutput;
    use qmp::client::agent::{blocking, decode_base64};

    let mut c = blocking::Client::connect_unix(socket)?;
    let info = c.guest_info()?;
    println!("agent {}", info.version);
    c.guest_ping()?;
    println!("ping");
    let pid = c
        .guest_exec(GuestExec {
            arg: Some(vec!["typed".into(), "exec".into()]),
            capture_output: Some(GuestExecCaptureOutput::Flag(true)),
            ..GuestExec::new("/bin/echo")
        })?
        .pid;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let st = c.guest_exec_status(GuestExecStatus { pid })?;
        if st.exited {
            let out = decode_base64(st.out_data.as_deref().unwrap_or(""))?;
            println!(
                "exit {} {:?}",
                st.exitcode.unwrap_or(-1),
                String::from_utf8_lossy(&out)
            );
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(ClientError::Timeout);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let r = match args.first().map(String::as_str) {
        Some("system") => system(&args[1]),
        Some("storage") => storage(&args[1], &args[2]),
        Some("agent") => agent(&args[1]),
        _ => {
            eprintln!("usage: ready-bin system SOCKET | storage SOCKET DIR | agent SOCKET");
            std::process::exit(2);
        }
    };
    if let Err(e) = r {
        eprintln!("ready-bin: {e}");
        std::process::exit(1);
    }
}
