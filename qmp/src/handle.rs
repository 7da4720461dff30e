//! What commands may control of the server they run in: a
//! [`ServerHandle`] reaches the server's shared controls, not the server,
//! so that the command table ([`crate::dispatch`]) can hand one to every
//! command without depending on the server that serves the table.

use crate::events::{EventEmitter, EventHub, SessionWaker};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// What the server and its handles share.
pub(crate) struct Controls {
    pub hub: Arc<EventHub>,
    pub shutting_down: AtomicBool,
    pub shutdown: Notify,
    pub unix_paths: Mutex<Vec<PathBuf>>,
    /// Sessions served on threads, to close at shutdown.
    pub threads: Mutex<HashMap<u64, Arc<dyn SessionWaker>>>,
}

/// Server-wide controls available to commands.
#[derive(Clone)]
pub struct ServerHandle {
    pub(crate) controls: Arc<Controls>,
}

impl ServerHandle {
    /// Stops accepting clients and closes every session: what was written
    /// still reaches each client, then it reads end of file.
    pub fn shutdown(&self) {
        let c = &self.controls;
        c.shutting_down.store(true, Ordering::SeqCst);
        c.shutdown.notify_waiters();
        let threads: Vec<_> = c
            .threads
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .cloned()
            .collect();
        for t in threads {
            t.close();
        }
        for p in c
            .unix_paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
        {
            let _ = std::fs::remove_file(p);
        }
    }

    pub fn is_shutting_down(&self) -> bool {
        self.controls.shutting_down.load(Ordering::SeqCst)
    }

    /// Resolves once `shutdown` has been called.
    pub async fn wait(&self) {
        loop {
            let notified = self.controls.shutdown.notified();
            if self.is_shutting_down() {
                return;
            }
            notified.await;
        }
    }

    pub fn events(&self) -> EventEmitter {
        EventEmitter {
            hub: self.controls.hub.clone(),
        }
    }
}
