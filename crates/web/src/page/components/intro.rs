use yew::prelude::*;

use crate::page::loading::on_input_change;

#[derive(Properties, PartialEq)]
pub struct IntroProps {
    pub on_files: Callback<Vec<web_sys::File>>,
    pub on_demo: Callback<MouseEvent>,
}

/// The first lines of the page: what to drop, a file picker, and the demo.
#[function_component(Intro)]
pub fn intro(props: &IntroProps) -> Html {
    html! {
        <section class="intro">
            <p>{ "Drop Go CPU or heap profiles (.pb.gz, .pprof) anywhere on this page, or" }</p>
            <label class="button">
                { "Choose files" }
                <input type="file" multiple=true data-testid="file-input"
                    onchange={on_input_change(props.on_files.clone())} />
            </label>
            <button class="button secondary" data-testid="demo-button" onclick={props.on_demo.clone()}>
                { "Try the demo" }
            </button>
        </section>
    }
}
