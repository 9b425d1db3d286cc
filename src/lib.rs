//! 亮牌 Liangpai: from one station file to every public sign a social-work station must hang.
//!
//! Data flows one way: [`model`] → [`template`] → [`layout`] → [`render`] → [`export`], driven by
//! [`cli`] and the desktop app.

pub mod cli;
pub mod fonts;
pub mod fsutil;
pub mod model;
