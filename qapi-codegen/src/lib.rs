//! Code generation from the checked QAPI model.
