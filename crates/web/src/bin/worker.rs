use gloo::worker::Registrable;

fn main() {
    pgoscope_web::worker::ProfileWorker::registrar().register();
}
