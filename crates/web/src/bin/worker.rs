use gloo::worker::Registrable;

fn main() {
    pgoscope_web::worker::ProfileWorker::registrar()
        .encoding::<pgoscope_web::codec::AttachingCodec>()
        .register();
}
