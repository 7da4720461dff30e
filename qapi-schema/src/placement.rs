//! Where the front end's parser threads run.
//!
//! A thread that has just been created may start on the creating
//! thread's CPU, and on a machine of two CPUs the scheduler can take
//! milliseconds to move one of them to the idle CPU.  Meanwhile the two
//! take turns on one CPU: a third of checks of QEMU's schema took 45%
//! longer that way on our 2-core machines.  So a parser thread moves
//! itself off the CPU of the thread that leads the parse, within the CPUs
//! this process may use.  It is a hint: where it cannot be followed (one
//! CPU, another system), nothing happens.

/// The CPU the calling thread runs on, if the system says.
pub(crate) fn current_cpu() -> Option<usize> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: no arguments; returns -1 on failure.
        let cpu = unsafe { libc::sched_getcpu() };
        usize::try_from(cpu).ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

/// Keeps the calling thread off CPU `cpu`, if the process may use another.
pub(crate) fn keep_off(cpu: Option<usize>) {
    #[cfg(target_os = "linux")]
    if let Some(cpu) = cpu.filter(|&c| c < libc::CPU_SETSIZE as usize) {
        // SAFETY: a zeroed cpu_set_t is an empty set, and both calls get
        // a valid pointer to one of the right size for the calling thread.
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            let size = std::mem::size_of::<libc::cpu_set_t>();
            if libc::sched_getaffinity(0, size, &mut set) != 0 || !libc::CPU_ISSET(cpu, &set) {
                return;
            }
            libc::CPU_CLR(cpu, &mut set);
            if libc::CPU_COUNT(&set) > 0 {
                libc::sched_setaffinity(0, size, &set);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cpu;
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_thread_moves_off_the_cpu_named() {
        let Some(cpu) = super::current_cpu() else {
            return;
        };
        let elsewhere = std::thread::spawn(move || {
            super::keep_off(Some(cpu));
            super::current_cpu()
        })
        .join()
        .unwrap();
        if crate::cores() > 1 {
            assert_ne!(elsewhere, Some(cpu));
        }
        // Out of range or absent: nothing happens.
        super::keep_off(Some(1 << 20));
        super::keep_off(None);
    }
}
