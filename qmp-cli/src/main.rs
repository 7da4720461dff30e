fn main() {
    std::process::exit(qmp_cli::cli::main());
}
