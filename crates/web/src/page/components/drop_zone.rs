//! A full-page drop target: files dropped anywhere are loaded.

use yew::prelude::*;

use crate::page::loading::file_list_to_vec;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_files: Callback<Vec<web_sys::File>>,
    pub children: Html,
}

#[function_component(DropZone)]
pub fn drop_zone(props: &Props) -> Html {
    let dragging = use_state(|| false);
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let on_files = props.on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(list) = e.data_transfer().and_then(|dt| dt.files()) {
                on_files.emit(file_list_to_vec(&list));
            }
        })
    };
    let class = classes!("drop-zone", dragging.then_some("dragging"));
    html! {
        <div {class} data-testid="drop-zone" {ondragover} {ondragleave} {ondrop}>
            { props.children.clone() }
        </div>
    }
}
