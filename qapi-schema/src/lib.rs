//! QAPI schema front ends and model.
