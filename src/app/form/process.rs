//! The 服务流程 section: the steps in order.

use egui::{RichText, Ui};

use super::FormContext;
use super::list::{ListSection, Look, add_button, add_row};
use super::named;
use super::translation::{translated, translated_lines};
use super::widgets::list_heading;
use crate::model::ProcessStep;

/// The usual service process, offered when the list is empty.
pub const USUAL_PROCESS: [(&str, &str); 6] = [
    ("接案", "来访、来电、转介或走访发现，登记基本情况"),
    ("预估", "评估服务对象的问题与需求"),
    ("计划", "与服务对象共同制定服务计划"),
    ("介入", "开展个案、小组、社区服务，链接资源"),
    ("评估", "评估服务成效，必要时调整计划"),
    ("结案", "达成目标后结案，定期回访"),
];

/// The steps of the process.
const STEPS: ListSection<ProcessStep> = ListSection {
    path: "process",
    look: Look::Card(|index, step| {
        let name = step.step.trim();
        format!(
            "第 {} 步　{}",
            index + 1,
            if name.is_empty() {
                "（未填写）"
            } else {
                name
            }
        )
    }),
    name: |step| named(&step.step, "流程步骤"),
};

pub(super) fn process_ui(ui: &mut Ui, process: &mut Vec<ProcessStep>, cx: &mut FormContext) {
    list_heading(
        ui,
        cx,
        "服务流程",
        &STEPS.field(),
        "按先后顺序填写步骤，流程图上用箭头依次连接。",
    );
    if !process.is_empty() {
        let chain: Vec<&str> = process.iter().map(|step| step.step.trim()).collect();
        ui.label(RichText::new(chain.join(" → ")).weak());
    }
    STEPS.show(ui, cx, process, |ui, cx, field, _, step| {
        translated(
            ui,
            cx,
            (field, &mut step.tr),
            ("步骤名称", "step", "如：接案"),
            &mut step.step,
        );
        translated_lines(
            ui,
            cx,
            (field, &mut step.tr),
            ("说明", "detail", "这一步做什么"),
            &mut step.detail,
            None,
        );
    });
    add_row(ui, |ui| {
        if add_button(ui, "添加步骤") {
            STEPS.push(cx, process, ProcessStep::default(), "step");
        }
        if process.is_empty()
            && ui
                .button("填入常用流程")
                .on_hover_text("接案 → 预估 → 计划 → 介入 → 评估 → 结案")
                .clicked()
        {
            process.extend(USUAL_PROCESS.iter().map(|(step, detail)| ProcessStep {
                step: (*step).to_owned(),
                detail: (*detail).to_owned(),
                ..ProcessStep::default()
            }));
        }
    });
}
