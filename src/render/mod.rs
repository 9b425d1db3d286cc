//! Turning laid-out pages into bytes (PDF) or pixels (PNG, preview). Pure: no file access.

pub mod pdf;
pub mod pdf_svg;
pub mod raster;
