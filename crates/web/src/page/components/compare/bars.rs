//! A plotters bar chart of the functions whose flat value changed most (red slower, green faster).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::protocol::{CompareView, Shared};

const BARS: usize = 12;
const WIDTH_PX: u32 = 720;
const ROW_PX: u32 = 22;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: Shared<CompareView>,
}

#[function_component(ChangeBars)]
pub fn change_bars(props: &Props) -> Html {
    let canvas = use_node_ref();
    let rows = props.view.rows.len().min(BARS) as u32;
    let height = rows * ROW_PX + 30;
    {
        let canvas = canvas.clone();
        use_effect_with(props.view.clone(), move |view| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                // A failed draw leaves the canvas blank; the table below has the numbers.
                let _ = draw(&c, view, height);
            }
        });
    }
    html! {
        <canvas ref={canvas} class="change-bars" data-testid="change-bars"
            style={format!("width:{WIDTH_PX}px;height:{height}px")} />
    }
}

fn draw(
    canvas: &HtmlCanvasElement,
    view: &CompareView,
    height: u32,
) -> Result<(), Box<dyn std::error::Error>> {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).max(1.0);
    canvas.set_width((f64::from(WIDTH_PX) * dpr) as u32);
    canvas.set_height((f64::from(height) * dpr) as u32);
    let root = CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("no 2d context")?
        .into_drawing_area();
    root.fill(&WHITE)?;
    let rows: Vec<_> = view.rows.iter().take(BARS).collect();
    let max = rows.iter().map(|r| r.flat_delta.abs()).max().unwrap_or(1).max(1) as f64;
    let px = |v: f64| (v * dpr) as i32;
    let mut chart = ChartBuilder::on(&root)
        .margin(px(6.0))
        .x_label_area_size(px(22.0))
        .build_cartesian_2d(-max..max, 0f64..rows.len() as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .x_labels(5)
        .x_label_formatter(&|v| super::format_compared(*v as i64, view))
        .label_style(("sans-serif", 10.0 * dpr))
        .draw()?;
    for (i, r) in rows.iter().enumerate() {
        let y = (rows.len() - 1 - i) as f64;
        let colour = if r.flat_delta > 0 { RGBColor(211, 47, 47) } else { RGBColor(46, 160, 67) };
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, y + 0.15), (r.flat_delta as f64, y + 0.85)],
            colour.filled(),
        )))?;
        // The name on the side away from the bar.
        let (x, anchor) =
            if r.flat_delta > 0 { (-max * 0.02, HPos::Right) } else { (max * 0.02, HPos::Left) };
        let style = ("sans-serif", 11.0 * dpr)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(anchor, VPos::Center));
        chart.draw_series(std::iter::once(Text::new(r.function.clone(), (x, y + 0.5), style)))?;
    }
    root.present()?;
    Ok(())
}
