//! How messages between the page and its workers are encoded: bincode, as gloo does by default,
//! plus JS values that serde cannot write (a dropped `File`), which travel beside the bincode bytes
//! as they are. `postMessage` clones a `File` as a handle on its contents, so a file handed to a
//! worker this way is never copied by the page: the worker reads it ([`read_file`]).
//!
//! Invariant: the thread-local list of attached values is empty between messages; a message's
//! attachments are numbered in the order serde visits them, on both sides.

use std::cell::RefCell;

use gloo::worker::Codec;
use js_sys::{Array, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    static ATTACHED: RefCell<Vec<JsValue>> = const { RefCell::new(Vec::new()) };
}

/// Bincode with attached JS values: a message without attachments is its bincode bytes (a
/// `Uint8Array`), one with attachments an array of the bytes and then the attached values.
pub struct AttachingCodec;

impl Codec for AttachingCodec {
    fn encode<I: Serialize>(input: I) -> JsValue {
        ATTACHED.with(|a| a.borrow_mut().clear());
        let bytes = bincode::serialize(&input).expect("worker messages serialize");
        let attached = ATTACHED.with(|a| std::mem::take(&mut *a.borrow_mut()));
        let bytes = Uint8Array::from(bytes.as_slice());
        if attached.is_empty() {
            return bytes.into();
        }
        let message = Array::of1(&bytes);
        for value in attached {
            message.push(&value);
        }
        message.into()
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        let (bytes, attached) = match input.dyn_into::<Array>() {
            Ok(message) => (message.get(0), message.iter().skip(1).collect()),
            Err(bytes) => (bytes, Vec::new()),
        };
        ATTACHED.with(|a| *a.borrow_mut() = attached);
        let message = bincode::deserialize(&Uint8Array::from(bytes).to_vec());
        ATTACHED.with(|a| a.borrow_mut().clear());
        message.expect("worker messages deserialize")
    }
}

/// Serde `with` module for a field holding a JS value (`web_sys::File`): serialized as the number
/// of its attachment, which [`AttachingCodec`] carries beside the message.
pub mod attached {
    use super::*;
    use serde::de::Error;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer, T: AsRef<JsValue>>(value: &T, s: S) -> Result<S::Ok, S::Error> {
        let index = ATTACHED.with(|a| {
            let mut attached = a.borrow_mut();
            attached.push(value.as_ref().clone());
            attached.len() - 1
        });
        s.serialize_u32(index as u32)
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: JsCast>(d: D) -> Result<T, D::Error> {
        let index = u32::deserialize(d)? as usize;
        let value = ATTACHED.with(|a| a.borrow().get(index).cloned());
        let value = value.ok_or_else(|| D::Error::custom("a message's attachment is missing"))?;
        value.dyn_into().map_err(|_| D::Error::custom("a message's attachment has another type"))
    }
}

/// Reads a file's contents (in a worker: `FileReaderSync` is not available to the page).
pub fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let cannot = |e: JsValue| {
        let why = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{e:?}"));
        format!("cannot read the file: {why}")
    };
    let reader = web_sys::FileReaderSync::new().map_err(cannot)?;
    let buffer = reader.read_as_array_buffer(file).map_err(cannot)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}
