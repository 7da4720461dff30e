fn main() {
    std::process::exit(qmp::cli::main());
}
