//! `qmp bench`: round trips of `query-version`, sequential or pipelined;
//! with `--guest-agent`, sequential `guest-ping` round trips through the
//! guest agent client. The last line printed is `rt/s: R`.

use super::Target;
use qmp::client::ClientError;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

pub(crate) fn run(target: &Target, count: u64, pipeline: u64, reply_poll: Duration) -> i32 {
    match measure(target, count, pipeline, reply_poll) {
        Ok(rate) => {
            println!("commands: {count}");
            println!("in flight: {}", pipeline.max(1));
            println!("rt/s: {rate:.0}");
            0
        }
        Err(e) => super::report(&e),
    }
}

/// Returns round trips (replies) per second. `reply_poll`: the client's
/// poll window for each reply (`ConnectOptions::reply_poll`).
pub fn measure(
    target: &Target,
    count: u64,
    pipeline: u64,
    reply_poll: Duration,
) -> Result<f64, ClientError> {
    if target.guest_agent {
        if pipeline > 1 {
            return Err(ClientError::Protocol(
                "the guest agent runs one command at a time: no --pipeline".into(),
            ));
        }
        let mut c = target.connect_agent()?;
        let start = Instant::now();
        for _ in 0..count {
            c.execute_raw("guest-ping", None)?;
        }
        return Ok(count as f64 / start.elapsed().as_secs_f64());
    }
    // Sequential round trips need no ids (each reply is the next line), and
    // QEMU answers id-less requests faster; pipelined requests carry ids.
    // The sequential replies are checked (JSON, return or error) but their
    // values are not built: that was most of the client's own work.
    let mut c = target.connect_with(pipeline <= 1)?;
    c.set_reply_poll(reply_poll);
    if pipeline <= 1 {
        let start = Instant::now();
        for _ in 0..count {
            c.execute_raw_discard("query-version", None)?;
        }
        return Ok(count as f64 / start.elapsed().as_secs_f64());
    }
    // A writer thread keeps up to `pipeline` requests in flight while this
    // thread reads the replies.
    let first = c.reserve_ids(count);
    let mut sender = c.sender()?;
    let done = Arc::new((Mutex::new(0u64), Condvar::new()));
    let done_w = done.clone();
    let start = Instant::now();
    let writer = std::thread::spawn(move || -> std::io::Result<()> {
        let mut batch = String::new();
        let mut sent = 0u64;
        while sent < count {
            let (lock, cv) = &*done_w;
            let mut received = lock.lock().unwrap_or_else(|e| e.into_inner());
            while sent - *received >= pipeline {
                received = cv.wait(received).unwrap_or_else(|e| e.into_inner());
            }
            let room = (pipeline - (sent - *received)).min(count - sent);
            drop(received);
            batch.clear();
            for i in 0..room {
                batch.push_str(&qmp::client::request_line(
                    "query-version",
                    None,
                    first + sent + i,
                    false,
                ));
            }
            sender.send_bytes(batch.as_bytes())?;
            sent += room;
        }
        Ok(())
    });
    let mut got = 0u64;
    while got < count {
        let (_id, r) = c.next_reply()?;
        r?;
        got += 1;
        if got.is_multiple_of(64) || got == count || pipeline < 128 {
            let (lock, cv) = &*done;
            *lock.lock().unwrap_or_else(|e| e.into_inner()) = got;
            cv.notify_one();
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    writer
        .join()
        .map_err(|_| ClientError::Protocol("writer thread panicked".into()))??;
    Ok(count as f64 / elapsed)
}
