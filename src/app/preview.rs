//! The live preview: layout and rendering run on a worker thread; the UI shows the result as a
//! texture. The worker also reads the station's pictures once (again only when their paths change
//! or the user asks), makes thumbnails for the form, keeps the pictures' problems, and — when the user pauses — lays out the other
//! signs to collect their warnings.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use egui::{Color32, RichText, Ui, Vec2};

use super::form::{self, Thumbnails};
use crate::assets;
use crate::layout::{self, Assets, Document, LayoutOptions};
use crate::model::{Diagnostic, StationFile};
use crate::render::raster;
use crate::sign::SignKind;
use crate::style_pack::StylePack;

/// The longest side of a preview image, in pixels (memory stays bounded when zooming in).
const MAX_PREVIEW_PX: f32 = 2400.0;
/// How long the user must pause before the other signs are laid out for their warnings.
const QUIET_BEFORE_OTHERS: Duration = Duration::from_millis(400);
/// egui points per PDF point at 100 % (a 96 dpi screen).
const REAL_SIZE: f32 = 96.0 / 72.0;

/// The pictures a station refers to, and the folder they are relative to.
#[derive(Debug, Clone, PartialEq)]
struct ImageKey {
    base_dir: Option<PathBuf>,
    paths: Vec<String>,
    epoch: u64,
    /// The style pack whose logos were read (by identity: a pack read again is another one).
    pack: Option<usize>,
}

impl ImageKey {
    fn of(
        station: &StationFile,
        base_dir: Option<PathBuf>,
        epoch: u64,
        style: Option<&Arc<StylePack>>,
    ) -> ImageKey {
        ImageKey {
            epoch,
            pack: style.map(|style| Arc::as_ptr(style) as usize),
            base_dir,
            paths: station
                .station
                .logos
                .iter()
                .chain(station.staff.iter().map(|member| &member.photo))
                .cloned()
                .collect(),
        }
    }
}

struct Request {
    generation: u64,
    station: Arc<StationFile>,
    base_dir: Option<PathBuf>,
    kind: SignKind,
    options: LayoutOptions,
    page: usize,
    pixels_per_pt: f32,
    image_epoch: u64,
    style: Option<Arc<StylePack>>,
}

/// One rendered page of the shown sign.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The request it answers.
    pub generation: u64,
    /// Which sign.
    pub kind: SignKind,
    /// The document title (station name and sign name).
    pub title: String,
    /// Pages in the sign.
    pub page_count: usize,
    /// Trimmed page size in points.
    pub page_size_pt: Vec2,
    /// The sign's layout warnings.
    pub warnings: Vec<Diagnostic>,
    /// Why there is no picture (Chinese), if so.
    pub error: Option<String>,
    /// Time spent laying out (0 when the previous layout was reused).
    pub layout_ms: f32,
    /// Time spent rendering.
    pub render_ms: f32,
    /// A hash of the picture's pixels (0 without a picture): tells whether what is shown changed.
    pub pixels_hash: u64,
}

struct Thumb {
    size: [usize; 2],
    rgba: Vec<u8>,
}

enum FromWorker {
    Images {
        assets: Arc<Assets>,
        thumbnails: Vec<(String, Result<Thumb, String>)>,
        problems: Vec<Diagnostic>,
    },
    Rendered(Rendered, Option<egui::ColorImage>),
    Others {
        generation: u64,
        warnings: BTreeMap<SignKind, Vec<Diagnostic>>,
    },
}

#[derive(Clone)]
struct SentKey {
    station: Arc<StationFile>,
    base_dir: Option<PathBuf>,
    kind: SignKind,
    options: LayoutOptions,
    page: usize,
    pixels_per_pt: f32,
    style: Option<Arc<StylePack>>,
}

/// The preview's state on the UI side.
pub struct Preview {
    to_worker: Option<Sender<Request>>,
    from_worker: Option<Receiver<FromWorker>>,
    sent: Option<SentKey>,
    generation: u64,
    /// The latest result.
    pub shown: Option<Rendered>,
    texture: Option<egui::TextureHandle>,
    /// Decoded pictures (shared with exports).
    pub assets: Arc<Assets>,
    /// Thumbnails for the form.
    pub thumbnails: Thumbnails,
    /// Problems with the pictures (missing, unreadable, not an image), from [`assets::load`].
    pub picture_problems: Vec<Diagnostic>,
    /// Warnings of every sign, newest known.
    pub warnings: BTreeMap<SignKind, Vec<Diagnostic>>,
    /// Fit the page into the preview area.
    pub fit: bool,
    /// egui points per PDF point when not fitting.
    pub zoom: f32,
    /// Page shown (room plates and badges have several).
    pub page: usize,
    /// How many results have arrived (for tests and diagnostics).
    pub results_received: u64,
    /// Grows whenever picture problems or warnings change.
    pub version: u64,
    /// The generation at which the station or the options last changed.
    content_generation: u64,
    /// Grows to make the worker read the pictures again (a file may have been replaced).
    image_epoch: u64,
}

impl Preview {
    /// Starts the worker thread.
    pub fn new(ctx: &egui::Context, timing: Option<super::TimingSink>) -> Preview {
        let (to_worker, requests) = mpsc::channel::<Request>();
        let (results, from_worker) = mpsc::channel::<FromWorker>();
        let worker_ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("liangpai-preview".to_owned())
            .spawn(move || worker(&requests, &results, &worker_ctx, timing.as_ref()));
        let (to_worker, from_worker) = match spawned {
            Ok(_) => (Some(to_worker), Some(from_worker)),
            Err(_) => (None, None),
        };
        Preview {
            to_worker,
            from_worker,
            sent: None,
            generation: 0,
            shown: None,
            texture: None,
            assets: Arc::new(Assets::default()),
            thumbnails: Thumbnails::new(),
            picture_problems: Vec::new(),
            warnings: BTreeMap::new(),
            fit: true,
            zoom: 0.3,
            page: 0,
            results_received: 0,
            version: 0,
            content_generation: 0,
            image_epoch: 0,
        }
    }

    /// Makes the worker read the pictures from disk again.
    pub fn reload_images(&mut self) {
        self.image_epoch += 1;
        self.sent = None;
    }

    /// The generation of the latest request sent.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether the shown picture is older than the latest request.
    pub fn is_busy(&self) -> bool {
        self.shown
            .as_ref()
            .is_none_or(|shown| shown.generation < self.generation)
    }

    /// Takes what the worker has finished.
    pub fn poll(&mut self, ctx: &egui::Context) {
        let Some(from_worker) = &self.from_worker else {
            return;
        };
        while let Ok(message) = from_worker.try_recv() {
            self.version += 1;
            match message {
                FromWorker::Images {
                    assets,
                    thumbnails,
                    problems,
                } => {
                    self.assets = assets;
                    self.picture_problems = problems;
                    self.thumbnails.clear();
                    for (path, thumb) in thumbnails {
                        let entry = thumb.map(|thumb| {
                            let image =
                                egui::ColorImage::from_rgba_unmultiplied(thumb.size, &thumb.rgba);
                            ctx.load_texture(
                                format!("thumb:{path}"),
                                image,
                                egui::TextureOptions::LINEAR,
                            )
                        });
                        self.thumbnails.insert(path, entry);
                    }
                }
                FromWorker::Rendered(rendered, image) => {
                    self.results_received += 1;
                    if let Some(image) = image {
                        match &mut self.texture {
                            Some(texture) => texture.set(image, egui::TextureOptions::LINEAR),
                            None => {
                                self.texture = Some(ctx.load_texture(
                                    "preview",
                                    image,
                                    egui::TextureOptions::LINEAR,
                                ));
                            }
                        }
                    }
                    self.warnings
                        .insert(rendered.kind, rendered.warnings.clone());
                    if rendered.page_count > 0 && self.page >= rendered.page_count {
                        self.page = rendered.page_count - 1;
                    }
                    self.shown = Some(rendered);
                }
                FromWorker::Others {
                    generation,
                    warnings,
                } => {
                    // Still about the station and options shown (zooming does not matter).
                    if generation >= self.content_generation {
                        for (kind, list) in warnings {
                            self.warnings.insert(kind, list);
                        }
                    }
                }
            }
        }
    }

    /// Asks for a new picture if anything it depends on changed since the last request.
    pub fn request(
        &mut self,
        station: &StationFile,
        base_dir: Option<PathBuf>,
        kind: SignKind,
        (options, style): (&LayoutOptions, Option<&Arc<StylePack>>),
        pixels_per_pt: f32,
    ) {
        let Some(to_worker) = &self.to_worker else {
            return;
        };
        let same_style = |sent: &SentKey| match (&sent.style, style) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        let unchanged = self.sent.as_ref().is_some_and(|sent| {
            *sent.station == *station
                && same_style(sent)
                && sent.base_dir == base_dir
                && sent.kind == kind
                && sent.options == *options
                && sent.page == self.page
                && sent.pixels_per_pt == pixels_per_pt
        });
        if unchanged {
            return;
        }
        // Reuse the shared station when only the view changed.
        let same_content = self.sent.as_ref().is_some_and(|sent| {
            *sent.station == *station
                && same_style(sent)
                && sent.options == *options
                && sent.base_dir == base_dir
        });
        let station = match &self.sent {
            Some(sent) if same_content => sent.station.clone(),
            _ => Arc::new(station.clone()),
        };
        self.generation += 1;
        if !same_content {
            self.content_generation = self.generation;
        }
        let key = SentKey {
            station: station.clone(),
            base_dir: base_dir.clone(),
            kind,
            options: options.clone(),
            page: self.page,
            pixels_per_pt,
            style: style.cloned(),
        };
        let request = Request {
            generation: self.generation,
            station,
            base_dir,
            kind,
            options: options.clone(),
            page: self.page,
            pixels_per_pt,
            image_epoch: self.image_epoch,
            style: style.cloned(),
        };
        if to_worker.send(request).is_ok() {
            self.sent = Some(key);
        } else {
            self.to_worker = None;
        }
    }
}

/// The preview area: page and zoom controls, then the page.
pub fn preview_ui(
    ui: &mut Ui,
    preview: &mut Preview,
    station: &StationFile,
    base_dir: Option<PathBuf>,
    kind: SignKind,
    (options, style): (&LayoutOptions, Option<&Arc<StylePack>>),
) {
    let page_size = preview
        .shown
        .as_ref()
        .filter(|shown| shown.kind == kind && shown.error.is_none())
        .map_or(
            Vec2::new(layout::mm_to_pt(600.0), layout::mm_to_pt(900.0)),
            |shown| shown.page_size_pt,
        );
    let page_count = preview
        .shown
        .as_ref()
        .map_or(1, |shown| shown.page_count.max(1));

    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("预览：{}", kind.label())).strong());
        if page_count > 1 {
            ui.separator();
            if ui
                .add_enabled(preview.page > 0, egui::Button::new("上一页"))
                .clicked()
            {
                preview.page -= 1;
            }
            ui.label(format!("第 {} / {} 页", preview.page + 1, page_count));
            if ui
                .add_enabled(preview.page + 1 < page_count, egui::Button::new("下一页"))
                .clicked()
            {
                preview.page += 1;
            }
        }
        // The zoom buttons at the right end of the row, or together on the next row when the
        // title leaves no room (they never cover it).
        let zoom_text = format!("{:.0}%", preview.zoom / REAL_SIZE * 100.0);
        let text_width = |ui: &Ui, text: &str| super::text_width(ui, text, egui::TextStyle::Button);
        let padding = 2.0 * ui.spacing().button_padding.x;
        let spacing = ui.spacing().item_spacing.x;
        let controls = text_width(ui, "缩小")
            + text_width(ui, "放大")
            + text_width(ui, "适合窗口")
            + text_width(ui, "400%")
            + 3.0 * padding
            + 4.0 * spacing
            + ui.spacing().interact_size.y;
        let room = ui.available_size_before_wrap().x;
        if room < controls {
            ui.end_row();
        } else {
            ui.add_space(room - controls);
        }
        if preview.is_busy() {
            ui.spinner().on_hover_text("正在生成预览");
        } else {
            ui.allocate_exact_size(
                egui::vec2(ui.spacing().interact_size.y, 1.0),
                egui::Sense::hover(),
            );
        }
        if ui.button("缩小").clicked() {
            preview.zoom = (preview.zoom / 1.25).max(0.02);
            preview.fit = false;
        }
        ui.label(zoom_text).on_hover_text("100% 为实际大小");
        if ui.button("放大").clicked() {
            preview.zoom = (preview.zoom * 1.25).min(4.0);
            preview.fit = false;
        }
        if ui.selectable_label(preview.fit, "适合窗口").clicked() {
            preview.fit = true;
        }
    });
    ui.separator();

    let area = ui.available_size();
    let fit_zoom = fit_zoom(area, page_size);
    if preview.fit {
        preview.zoom = fit_zoom;
    }
    // Ctrl + mouse wheel zooms.
    let hovered = ui.rect_contains_pointer(ui.available_rect_before_wrap());
    if hovered {
        let delta = ui.input(|input| input.zoom_delta());
        if (delta - 1.0).abs() > 0.001 {
            preview.zoom = (preview.zoom * delta).clamp(0.02, 4.0);
            preview.fit = false;
        }
    }
    let zoom = preview.zoom;
    let shown_size = page_size * zoom;
    let pixels_per_pt = quantize(
        (zoom * ui.ctx().pixels_per_point())
            .min(MAX_PREVIEW_PX / page_size.x.max(page_size.y).max(1.0)),
    );
    preview.request(station, base_dir, kind, (options, style), pixels_per_pt);

    let error = preview
        .shown
        .as_ref()
        .filter(|shown| shown.kind == kind)
        .and_then(|shown| shown.error.clone());
    if let Some(error) = error {
        ui.colored_label(form::ERROR_COLOR, format!("无法生成预览：{error}"));
        return;
    }
    let texture = preview.texture.as_ref().map(|texture| texture.id());
    egui::ScrollArea::both()
        .id_salt("preview-scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let available = ui.available_size();
            let margin = ((available - shown_size) / 2.0).max(Vec2::ZERO);
            ui.add_space(margin.y);
            ui.horizontal(|ui| {
                ui.add_space(margin.x);
                match texture {
                    Some(texture) => {
                        let response = ui.add(egui::Image::new((texture, shown_size)));
                        ui.painter().rect_stroke(
                            response.rect,
                            0.0,
                            egui::Stroke::new(1.0, Color32::from_gray(160)),
                            egui::StrokeKind::Outside,
                        );
                    }
                    None => {
                        let (rect, _) = ui.allocate_exact_size(shown_size, egui::Sense::hover());
                        ui.painter().rect_filled(rect, 0.0, Color32::WHITE);
                        ui.painter().text(
                            rect.center(),
                            egui::Align2::CENTER_CENTER,
                            "正在生成预览…",
                            egui::FontId::proportional(16.0),
                            Color32::GRAY,
                        );
                    }
                }
            });
        });
}

fn fit_zoom(area: Vec2, page_size: Vec2) -> f32 {
    let margin = 24.0;
    ((area.x - margin).max(50.0) / page_size.x.max(1.0))
        .min((area.y - margin).max(50.0) / page_size.y.max(1.0))
        .max(0.01)
}

/// Rounds a scale to steps of about 9 %, so small window resizes do not re-render.
fn quantize(scale: f32) -> f32 {
    if !scale.is_finite() || scale <= 0.0 {
        return 0.1;
    }
    (2.0f32).powf((scale.log2() * 8.0).ceil() / 8.0)
}

// ---------------------------------------------------------------------------------------------
// The worker

/// The last layout: station, sign, options, pictures, and the document (or why there is none).
struct CachedLayout {
    station: Arc<StationFile>,
    kind: SignKind,
    options: LayoutOptions,
    assets: Arc<Assets>,
    style: Option<Arc<StylePack>>,
    document: Result<Document, String>,
}

/// One preview update: what the worker sends to the UI.
#[derive(Debug)]
pub struct PreviewUpdate {
    /// The page's description (generation 0: the worker fills it in).
    pub rendered: Rendered,
    /// The page's picture, `None` when there is none (see [`Rendered::error`]).
    pub image: Option<egui::ColorImage>,
}

/// What the preview worker does after each change, and what it keeps between updates: the last
/// layout (reused when only the zoom or page changed). The pictures' scaled copies are kept in
/// the [`Assets`] themselves ([`Assets::fitted`]), so a keystroke never rescales a photo.
#[derive(Default)]
pub struct PreviewRenderer {
    cached: Option<CachedLayout>,
    /// The style pack (样式包) the layouts follow: its templates and colours (the station given
    /// to [`PreviewRenderer::update`] already has its values and logos).
    pub style: Option<Arc<StylePack>>,
}

impl PreviewRenderer {
    /// Lays out `kind` (unless the last layout is of the same station, sign, options and
    /// pictures) and renders page `page` at `pixels_per_pt` as an egui image.
    pub fn update(
        &mut self,
        station: &Arc<StationFile>,
        assets: &Arc<Assets>,
        kind: SignKind,
        options: &LayoutOptions,
        page: usize,
        pixels_per_pt: f32,
    ) -> PreviewUpdate {
        let same_layout = self.cached.as_ref().is_some_and(|cached| {
            (Arc::ptr_eq(&cached.station, station) || *cached.station == **station)
                && cached.kind == kind
                && cached.options == *options
                && Arc::ptr_eq(&cached.assets, assets)
                && match (&cached.style, &self.style) {
                    (None, None) => true,
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                    _ => false,
                }
        });
        let mut layout_ms = 0.0;
        let cached = match self.cached.take() {
            Some(cached) if same_layout => cached,
            _ => {
                let started = Instant::now();
                let document = guarded(|| {
                    layout_styled(station, assets, kind, options, self.style.as_deref())
                });
                layout_ms = started.elapsed().as_secs_f32() * 1000.0;
                CachedLayout {
                    station: station.clone(),
                    kind,
                    options: options.clone(),
                    assets: assets.clone(),
                    style: self.style.clone(),
                    document,
                }
            }
        };
        let update = render(&cached.document, kind, page, pixels_per_pt, layout_ms);
        self.cached = Some(cached);
        update
    }
}

fn worker(
    requests: &Receiver<Request>,
    results: &Sender<FromWorker>,
    ctx: &egui::Context,
    timing: Option<&super::TimingSink>,
) {
    let mut images: Option<ImageKey> = None;
    let mut assets = Arc::new(Assets::default());
    let mut renderer = PreviewRenderer::default();
    let mut others_done: Option<(Arc<StationFile>, LayoutOptions)> = None;
    let mut next: Option<Request> = None;
    loop {
        let mut request = match next.take() {
            Some(request) => request,
            None => match requests.recv() {
                Ok(request) => request,
                Err(_) => return,
            },
        };
        while let Ok(newer) = requests.try_recv() {
            request = newer;
        }
        // The fallback font (large) is read the first time a station needs it, here, off the
        // UI thread.
        request.options.fonts =
            crate::font_files::with_fallback_if_needed(&request.options.fonts, &request.station);
        // The station as the style pack makes it look: its values, date and logos.
        if let Some(style) = &request.style {
            request.station = Arc::new(crate::style_pack::apply(
                &request.station,
                style,
                &super::files::today_iso(),
            ));
        }

        let key = ImageKey::of(
            &request.station,
            request.base_dir.clone(),
            request.image_epoch,
            request.style.as_ref(),
        );
        // A new style pack changes the key too: its logos are read and the layouts made again.
        if images.as_ref() != Some(&key) {
            let (loaded, thumbnails, problems) =
                load_images(&request.station, &key, request.style.as_deref());
            assets = loaded;
            images = Some(key);
            others_done = None;
            let message = FromWorker::Images {
                assets: assets.clone(),
                thumbnails,
                problems,
            };
            if results.send(message).is_err() {
                return;
            }
            ctx.request_repaint();
        }

        renderer.style = request.style.clone();
        let PreviewUpdate {
            mut rendered,
            image,
        } = renderer.update(
            &request.station,
            &assets,
            request.kind,
            &request.options,
            request.page,
            request.pixels_per_pt,
        );
        rendered.generation = request.generation;
        if let Some(timing) = timing {
            timing(format!(
                "preview {}: layout {:.1} ms, render {:.1} ms",
                request.kind.code(),
                rendered.layout_ms,
                rendered.render_ms
            ));
        }
        if results.send(FromWorker::Rendered(rendered, image)).is_err() {
            return;
        }
        ctx.request_repaint();

        // When the user pauses, lay out the other signs for the warnings panel.
        let already = others_done.as_ref().is_some_and(|(station, options)| {
            **station == *request.station && *options == standard_options(&request.options)
        });
        if already {
            continue;
        }
        match requests.recv_timeout(QUIET_BEFORE_OTHERS) {
            Ok(newer) => {
                next = Some(newer);
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
        // The other signs at their standard sizes, as the whole set is exported.
        let others_options = standard_options(&request.options);
        let mut warnings = BTreeMap::new();
        let mut interrupted = false;
        for kind in SignKind::ALL {
            if kind == request.kind {
                continue;
            }
            if let Ok(newer) = requests.try_recv() {
                next = Some(newer);
                interrupted = true;
                break;
            }
            let list = match guarded(|| {
                layout_styled(
                    &request.station,
                    &assets,
                    kind,
                    &others_options,
                    request.style.as_deref(),
                )
            }) {
                Ok(document) => document.warnings,
                Err(error) => vec![
                    Diagnostic::error(
                        crate::model::FieldPath::none(),
                        format!("无法排版：{error}"),
                    )
                    .on(kind),
                ],
            };
            warnings.insert(kind, list);
        }
        if !interrupted {
            others_done = Some((request.station.clone(), others_options));
            let message = FromWorker::Others {
                generation: request.generation,
                warnings,
            };
            if results.send(message).is_err() {
                return;
            }
            ctx.request_repaint();
        }
    }
}

/// Lays out one sign as the export does: the style pack's template (else the built-in one) and
/// colours (over the station kind's theme).
fn layout_styled(
    station: &StationFile,
    assets: &Assets,
    kind: SignKind,
    options: &LayoutOptions,
    style: Option<&StylePack>,
) -> Result<Document, String> {
    // The station's design (a style pack's design is already in the styled station).
    let template = crate::export::base_template(kind, style, station.appearance.design_id())
        .map_err(|error| error.to_string())?;
    let theme = crate::export::station_theme(None, style, station);
    Ok(layout::layout_with(
        station, assets, &template, &theme, options,
    ))
}

/// Lays out nothing; renders the requested page of a laid-out sign at `pixels_per_pt`.
fn render(
    document: &Result<Document, String>,
    kind: SignKind,
    page: usize,
    pixels_per_pt: f32,
    layout_ms: f32,
) -> PreviewUpdate {
    let started = Instant::now();
    let (mut rendered, image) = match document {
        Ok(document) => {
            let page_index = page.min(document.pages.len().saturating_sub(1));
            let image = document.pages.get(page_index).and_then(|page| {
                guarded(|| {
                    let pixels = raster::render_page(page, pixels_per_pt);
                    // Converted here, off the UI thread, which only uploads it.
                    Ok(color_image(&pixels))
                })
                .ok()
            });
            let size = document
                .pages
                .get(page_index)
                .map_or(Vec2::new(100.0, 100.0), |page| {
                    Vec2::new(page.width_pt, page.height_pt)
                });
            let error = if document.pages.is_empty() {
                // The layout says what is missing (no rooms, no staff, no rules …).
                let why = document
                    .warnings
                    .first()
                    .map(|warning| warning.message.clone())
                    .unwrap_or_else(|| "例如还没有填写功能室、服务人员或工作制度".to_owned());
                Some(format!("这块公示牌没有内容（{why}）"))
            } else if image.is_none() {
                Some("绘制预览时出现内部错误".to_owned())
            } else {
                None
            };
            (
                Rendered {
                    generation: 0,
                    kind,
                    title: document.title.clone(),
                    page_count: document.pages.len(),
                    page_size_pt: size,
                    warnings: document.warnings.clone(),
                    error,
                    layout_ms,
                    render_ms: 0.0,
                    pixels_hash: image.as_ref().map_or(0, |image| {
                        use std::hash::{Hash, Hasher};
                        let mut hasher = std::collections::hash_map::DefaultHasher::new();
                        image.pixels.hash(&mut hasher);
                        hasher.finish()
                    }),
                },
                image,
            )
        }
        Err(error) => (
            Rendered {
                generation: 0,
                kind,
                title: String::new(),
                page_count: 0,
                page_size_pt: Vec2::new(100.0, 100.0),
                warnings: Vec::new(),
                error: Some(error.clone()),
                pixels_hash: 0,
                layout_ms,
                render_ms: 0.0,
            },
            None,
        ),
    };
    rendered.render_ms = started.elapsed().as_secs_f32() * 1000.0;
    PreviewUpdate { rendered, image }
}

/// The rendered page as an egui image. Pages are opaque, and for opaque pixels premultiplied and
/// straight alpha are the same, which skips a per-pixel conversion.
pub fn color_image(pixels: &raster::Pixels) -> egui::ColorImage {
    let size = [pixels.width_px as usize, pixels.height_px as usize];
    if size[0] * size[1] * 4 != pixels.rgba.len() {
        return egui::ColorImage::filled(size, Color32::WHITE);
    }
    if pixels.rgba.chunks_exact(4).all(|pixel| pixel[3] == 255) {
        egui::ColorImage::from_rgba_premultiplied(size, &pixels.rgba)
    } else {
        egui::ColorImage::from_rgba_unmultiplied(size, &pixels.rgba)
    }
}

/// Each sign at its standard size and orientation, with the chosen bleed: how the whole set is
/// exported (a paper size chosen for one sign would not suit a badge or a door plate).
pub fn standard_options(options: &LayoutOptions) -> LayoutOptions {
    LayoutOptions {
        size: None,
        orientation: None,
        bleed_mm: options.bleed_mm,
        fonts: options.fonts.clone(),
    }
}

/// Runs `work`, turning a panic into an error message: user data must never bring the app down.
fn guarded<T>(work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(_) => Err("程序内部错误（已记录），请把站点文件发给开发者".to_owned()),
    }
}

type LoadedImages = (
    Arc<Assets>,
    Vec<(String, Result<Thumb, String>)>,
    Vec<Diagnostic>,
);

/// Reads the station's pictures once ([`assets::load`]): the decoded pictures, thumbnails for
/// the form, and the pictures' problems.
fn load_images(station: &StationFile, key: &ImageKey, style: Option<&StylePack>) -> LoadedImages {
    let given = style.map(StylePack::logo_bytes).unwrap_or_default();
    let loaded = guarded(|| Ok(assets::load_given(station, key.base_dir.as_deref(), &given)))
        .unwrap_or_default();
    let thumbnails = loaded
        .assets
        .images
        .iter()
        .map(|(path, image)| {
            let thumb = match image {
                Ok(image) => assets::thumbnail(image, 128)
                    .map(|small| Thumb {
                        size: [small.width() as usize, small.height() as usize],
                        rgba: small.into_raw(),
                    })
                    .ok_or_else(|| "图片为空".to_owned()),
                Err(error) => Err(error.to_string()),
            };
            (path.trim().to_owned(), thumb)
        })
        .collect();
    (Arc::new(loaded.assets), thumbnails, loaded.problems)
}
