//! QMP runtime.
