//! 亮牌 Liangpai: from one station file to every public sign a social-work station must hang.
//!
//! Data flows one way: [`model`] → `template` → [`layout`] → [`render`] → [`export`], driven by
//! [`cli`] and the desktop app.

pub mod app;
pub mod assets;
pub mod batch;
pub mod cli;
pub mod export;
pub mod font_files;
pub mod fonts;
pub mod frame;
pub mod fsutil;
pub mod layout;
pub mod model;
pub mod print;
pub mod qr;
pub mod render;
pub mod sign;
pub mod storage;
pub mod style_pack;
pub mod template;
pub mod values;
