//! The edge-weight CDF (plotters on a canvas): call edges hottest first against the share of all
//! edge weight they carry, with Go's 99 % cut and the hot edges it leaves.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::protocol::{PgoView, Shared};

const WIDTH_PX: u32 = 560;
const HEIGHT_PX: u32 = 260;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub pgo: Shared<PgoView>,
    /// Go's CDF threshold in percent.
    pub cdf_threshold: f64,
}

#[function_component(CdfChart)]
pub fn cdf_chart(props: &Props) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        use_effect_with((props.pgo.clone(), props.cdf_threshold.to_bits()), move |(pgo, bits)| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                // A failed draw leaves the canvas blank; the numbers are in the text beside it.
                let _ = draw(&c, pgo, f64::from_bits(*bits));
            }
        });
    }
    html! {
        <canvas ref={canvas} class="cdf-chart" data-testid="pgo-cdf"
            style={format!("width:{WIDTH_PX}px;height:{HEIGHT_PX}px")} />
    }
}

type DrawResult = Result<(), Box<dyn std::error::Error>>;

fn draw(canvas: &HtmlCanvasElement, pgo: &PgoView, cdf_threshold: f64) -> DrawResult {
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).max(1.0);
    canvas.set_width((f64::from(WIDTH_PX) * dpr) as u32);
    canvas.set_height((f64::from(HEIGHT_PX) * dpr) as u32);
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    let px = |v: f64| (v * dpr) as i32;
    let font = |size: f64| ("sans-serif", size * dpr).into_font();
    let edges = pgo.edge_count.max(2) as f64;
    let mut chart = ChartBuilder::on(&root)
        .margin(px(10.0))
        .x_label_area_size(px(36.0))
        .y_label_area_size(px(44.0))
        .build_cartesian_2d((1f64..edges).log_scale(), 0f64..100f64)?;
    chart
        .configure_mesh()
        .x_desc("call edges, hottest first (log scale)")
        .y_desc("% of edge weight")
        .label_style(font(11.0))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_label_formatter(&|v| format!("{v:.0}%"))
        .axis_desc_style(font(12.0))
        .light_line_style(RGBColor(238, 238, 234))
        .draw()?;
    let accent = RGBColor(0, 117, 143);
    let points = pgo.cdf.iter().map(|&(n, pct)| (f64::from(n), pct));
    chart.draw_series(LineSeries::new(points, accent.stroke_width(px(2.0) as u32)))?;
    let cut = RGBColor(179, 38, 30);
    chart.draw_series(LineSeries::new([(1.0, cdf_threshold), (edges, cdf_threshold)], cut))?;
    let hot = pgo.hot_edges.len().max(1) as f64;
    chart.draw_series(LineSeries::new([(hot, 0.0), (hot, 100.0)], cut))?;
    // The label sits beside the hot line, on the side with room.
    let right_half = hot.ln() > 0.5 * edges.ln();
    let (x, anchor) = if right_half { (hot / 1.08, HPos::Right) } else { (hot * 1.08, HPos::Left) };
    let style = font(12.0).color(&cut).pos(Pos::new(anchor, VPos::Center));
    let label = format!("{} hot edges", pgo.hot_edges.len());
    chart.draw_series(std::iter::once(Text::new(label, (x, 8.0), style)))?;
    root.present()?;
    Ok(())
}
