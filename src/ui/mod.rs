//! Widgets shared by every feature.

pub mod charge_dialog;
pub mod dialog;
pub mod field;
pub mod session_panel;

/// Moves keyboard focus to the element with this DOM id, if there is one.
pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = leptos::prelude::document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
