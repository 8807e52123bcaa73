fn main() {
    pgoscope_web::start_app();
}
