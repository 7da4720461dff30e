//! `vmctl SOCKET COMMAND`: a small VM manager over QMP, with bindings
//! generated from QEMU's schema by build.rs.
//!
//! - `status`: QEMU's version and the VM's run state;
//! - `pause` / `resume`: stop or continue the VM and wait for the event
//!   that says it happened;
//! - `add-null NODE`, `remove NODE`, `nodes`: a null-co block node (reads
//!   return zeroes), removing one, and listing the nodes;
//! - `demo`: all of these in turn.

mod qemu {
    include!(concat!(env!("OUT_DIR"), "/qapi.rs"));
}

use std::process::ExitCode;
use std::time::Duration;

use qemu::client::BlockingClient;
use qemu::commands::{BlockdevDel, QueryNamedBlockNodes};
use qemu::events::Event;
use qemu::types::{BlockdevOptions, BlockdevOptionsBase, BlockdevOptionsNull};
use qmp::client::blocking::Client;
use qmp::client::ClientError;

fn status(qemu: &mut Client) -> Result<(), ClientError> {
    let v = qemu.query_version()?;
    let s = qemu.query_status()?;
    println!(
        "QEMU {}.{}.{}: {} (running: {})",
        v.qemu.major,
        v.qemu.minor,
        v.qemu.micro,
        s.status.as_str(),
        s.running
    );
    Ok(())
}

/// Waits up to five seconds for an event `want` accepts.
fn wait_for(qemu: &mut Client, want: fn(&Event) -> bool) -> Result<Event, ClientError> {
    while let Some(msg) = qemu.next_event(Some(Duration::from_secs(5)))? {
        let event = msg.decode::<Event>()?;
        if want(&event) {
            return Ok(event);
        }
    }
    Err(ClientError::Timeout)
}

fn pause(qemu: &mut Client) -> Result<(), ClientError> {
    qemu.stop()?;
    let e = wait_for(qemu, |e| matches!(e, Event::Stop(_)))?;
    println!("event {}", e.name());
    Ok(())
}

fn resume(qemu: &mut Client) -> Result<(), ClientError> {
    qemu.cont()?;
    let e = wait_for(qemu, |e| matches!(e, Event::Resume(_)))?;
    println!("event {}", e.name());
    Ok(())
}

fn add_null(qemu: &mut Client, node: &str) -> Result<(), ClientError> {
    let opts = BlockdevOptions::NullCo {
        base: BlockdevOptionsBase {
            node_name: Some(node.into()),
            read_only: Some(true),
            ..Default::default()
        },
        data: BlockdevOptionsNull {
            size: Some(1 << 20),
            read_zeroes: Some(true),
            ..Default::default()
        },
    };
    qemu.blockdev_add(opts.into())?;
    println!("added {node}");
    Ok(())
}

fn nodes(qemu: &mut Client) -> Result<(), ClientError> {
    let flat = QueryNamedBlockNodes {
        flat: Some(true),
    };
    for n in qemu.query_named_block_nodes(flat)? {
        println!(
            "node {} ({}, {} bytes)",
            n.node_name.unwrap_or_default(),
            n.drv,
            n.image.virtual_size
        );
    }
    Ok(())
}

fn remove(qemu: &mut Client, node: &str) -> Result<(), ClientError> {
    qemu.blockdev_del(BlockdevDel::new(node))?;
    println!("removed {node}");
    Ok(())
}

fn run(socket: &str, command: &str, arg: Option<&str>) -> Result<(), ClientError> {
    let mut qemu = Client::connect_unix(socket)?;
    let node = arg.unwrap_or("null0");
    match command {
        "status" => status(&mut qemu),
        "pause" => pause(&mut qemu),
        "resume" => resume(&mut qemu),
        "add-null" => add_null(&mut qemu, node),
        "remove" => remove(&mut qemu, node),
        "nodes" => nodes(&mut qemu),
        "demo" => {
            status(&mut qemu)?;
            pause(&mut qemu)?;
            resume(&mut qemu)?;
            add_null(&mut qemu, node)?;
            nodes(&mut qemu)?;
            // QEMU's own error, typed: the node name is taken.
            match add_null(&mut qemu, node) {
                Err(ClientError::Qmp(e)) => println!("error {:?}: {}", e.class, e.desc),
                other => other?,
            }
            remove(&mut qemu, node)
        }
        _ => {
            eprintln!("vmctl: unknown command {command:?}");
            std::process::exit(2);
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(socket), Some(command)) = (args.first(), args.get(1)) else {
        eprintln!("usage: vmctl SOCKET status|pause|resume|add-null NODE|remove NODE|nodes|demo");
        return ExitCode::from(2);
    };
    match run(socket, command, args.get(2).map(String::as_str)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vmctl: {e}");
            ExitCode::FAILURE
        }
    }
}
