//! Reference docs from the QAPI model.
