//! `liangpai print` and `liangpai printers`.

use std::process::ExitCode;

use super::args::{PrintArgs, design_from_arg, orientation};
use crate::layout::PageSize;
use crate::print::{MAX_COPIES, PrintError, PrintOptions, list_printers, print_sign};
use crate::sign::SignKind;

/// `liangpai print`: exit 0 when the job was sent, 1 when it could not be, 2 for bad options.
pub fn run_print(args: &PrintArgs) -> ExitCode {
    let Some(kind) = SignKind::from_code(args.sign.trim())
        .filter(|kind| crate::template::available_kinds().contains(kind))
    else {
        let codes: Vec<&str> = crate::template::available_kinds()
            .iter()
            .filter(|kind| **kind != SignKind::Screen)
            .map(|kind| kind.code())
            .collect();
        eprintln!(
            "错误：--sign 的值“{}”不对，可选：{}（一次打印一种）",
            args.sign,
            codes.join("、")
        );
        return ExitCode::from(2);
    };
    if kind == SignKind::Screen {
        eprintln!("错误：{}", PrintError::ScreenPicture);
        return ExitCode::from(2);
    }
    let size = match &args.size {
        None => None,
        Some(text) => match PageSize::parse(text) {
            Some(size) => Some(size),
            None => {
                eprintln!("错误：--size 的值“{text}”不对，应为 A4、A3 或 宽x高mm（如 210x297mm）");
                return ExitCode::from(2);
            }
        },
    };
    let design = match design_from_arg(args.design.as_deref()) {
        Ok(design) => design,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if !(1..=MAX_COPIES).contains(&args.copies) {
        eprintln!("错误：{}", PrintError::BadCopies);
        return ExitCode::from(2);
    }
    let station = match crate::storage::load(&args.file) {
        Ok(station) => station,
        Err(error) => {
            eprintln!("错误：{error}");
            return ExitCode::from(1);
        }
    };
    let fonts = match super::args::user_fonts(args.fonts.as_deref()) {
        Ok(fonts) => fonts,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let style = match &args.style {
        None => None,
        Some(path) => match crate::style_pack::load(path) {
            Ok(style) => Some(std::sync::Arc::new(style)),
            Err(error) => {
                eprintln!("错误：{error}");
                return ExitCode::from(2);
            }
        },
    };
    let options = PrintOptions {
        printer: args.printer.clone(),
        copies: args.copies,
        size,
        orientation: orientation(args.landscape, args.portrait),
        fonts,
        style,
        design,
        draft: args.draft,
    };
    match print_sign(&station, args.file.parent(), kind, &options) {
        Ok(()) => {
            if options.draft {
                eprintln!(
                    "已发送到打印机：{}（{} 份；缺少必备内容的公示牌印为样稿）",
                    kind.label(),
                    options.copies
                );
            } else {
                eprintln!("已发送到打印机：{}（{} 份）", kind.label(), options.copies);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("错误：{error}");
            ExitCode::from(1)
        }
    }
}

/// `liangpai printers`: one printer a line, the default marked; exit 1 when there are none.
pub fn run_printers() -> ExitCode {
    match list_printers() {
        Ok(printers) if printers.is_empty() => {
            eprintln!("错误：{}", PrintError::NoPrinter);
            ExitCode::from(1)
        }
        Ok(printers) => {
            for printer in printers {
                if printer.is_default {
                    println!("{}（默认）", printer.name);
                } else {
                    println!("{}", printer.name);
                }
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("错误：{error}");
            ExitCode::from(1)
        }
    }
}
