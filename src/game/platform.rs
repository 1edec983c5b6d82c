//! The browser APIs the game uses: `localStorage`, downloads, the file picker, URL parameters and
//! the page's text mirror. A leaf: it knows nothing of the game's screens or resources.

use std::cell::RefCell;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// A JavaScript exception as text.
fn js_err(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

fn window() -> Result<web_sys::Window, String> {
    web_sys::window().ok_or_else(|| "no window".to_string())
}

fn document() -> Result<web_sys::Document, String> {
    window()?
        .document()
        .ok_or_else(|| "no document".to_string())
}

fn local_storage() -> Result<web_sys::Storage, String> {
    window()?
        .local_storage()
        .map_err(js_err)?
        .ok_or_else(|| "this browser keeps no localStorage for the page".to_string())
}

/// The value under `key`: `None` if absent, `Err` if storage cannot be read at all.
pub fn storage_get(key: &str) -> Option<Result<String, String>> {
    match local_storage().and_then(|s| s.get_item(key).map_err(js_err)) {
        Ok(v) => v.map(Ok),
        Err(e) => Some(Err(e)),
    }
}

/// Stores `value` under `key` (one `setItem`, so a reader sees the old value or the new).
pub fn storage_set(key: &str, value: &str) -> Result<(), String> {
    local_storage()?.set_item(key, value).map_err(js_err)
}

/// Renames an entry: the copy is written before the original is removed, so nothing is lost if the
/// second step fails.
pub fn storage_move(from: &str, to: &str) -> Result<(), String> {
    let s = local_storage()?;
    let value = s
        .get_item(from)
        .map_err(js_err)?
        .ok_or_else(|| format!("no entry {from}"))?;
    s.set_item(to, &value).map_err(js_err)?;
    s.remove_item(from).map_err(js_err)
}

/// Offers `text` to the player as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(js_err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_err)?;
    let doc = document()?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(js_err)?
        .dyn_into()
        .map_err(|_| "not an anchor".to_string())?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The click has started the download; the object URL is no longer needed by the page.
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// A file the player picked, or why it could not be read.
pub struct Picked {
    /// The file's name as the browser gives it (no directories).
    pub name: String,
    /// Its bytes, or the reason they are not there (`1:1: error: …` when refused for its size, as
    /// [`crate::scenario::files::read_bounded`] words it).
    pub bytes: Result<Vec<u8>, String>,
}

thread_local! {
    /// Files read by the picker's callbacks, waiting for the game to take them.
    static PICKED: RefCell<Vec<Picked>> = const { RefCell::new(Vec::new()) };
}

/// Opens the browser's file picker for a scenario file; what the player picks arrives later through
/// [`take_picked`]. Files over `max_bytes` are refused before they are read.
pub fn pick_file(max_bytes: usize) -> Result<(), String> {
    let doc = document()?;
    let input: web_sys::HtmlInputElement = doc
        .create_element("input")
        .map_err(js_err)?
        .dyn_into()
        .map_err(|_| "not an input".to_string())?;
    input.set_type("file");
    input.set_accept(".ron,text/plain");
    let chosen = input.clone();
    let on_change = Closure::once_into_js(move || {
        let Some(file) = chosen.files().and_then(|f| f.get(0)) else {
            return;
        };
        let name = file.name();
        let size = file.size();
        if size > max_bytes as f64 {
            PICKED.with(|p| {
                p.borrow_mut().push(Picked {
                    name,
                    bytes: Err(format!(
                        "1:1: error: {}",
                        crate::scenario::too_large(size as u64).message
                    )),
                })
            });
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                .await
                .map(|buf| js_sys::Uint8Array::new(&buf).to_vec())
                .map_err(js_err);
            PICKED.with(|p| p.borrow_mut().push(Picked { name, bytes }));
        });
    });
    input.set_onchange(Some(on_change.unchecked_ref()));
    input.click();
    Ok(())
}

/// Files picked since the last call.
pub fn take_picked() -> Vec<Picked> {
    PICKED.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

/// A query parameter of the page's URL (`?name=value`), decoded.
pub fn url_param(name: &str) -> Option<String> {
    let search = window().ok()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// Publishes the game's state to the page: `data-screen` and `data-game-seconds` (the shift clock,
/// kept out of the live region so screen readers are not read a clock) on `<body>`, and the text of
/// the element `#game-status` (an ARIA live region), each written only when it changes.
pub fn mirror(screen: &str, status: &str, game_seconds: Option<u32>) {
    let Ok(doc) = document() else { return };
    if let Some(body) = doc.body() {
        if body.get_attribute("data-screen").as_deref() != Some(screen) {
            let _ = body.set_attribute("data-screen", screen);
        }
        let seconds = game_seconds.map(|s| s.to_string());
        if body.get_attribute("data-game-seconds") != seconds {
            let _ = match seconds {
                Some(s) => body.set_attribute("data-game-seconds", &s),
                None => body.remove_attribute("data-game-seconds"),
            };
        }
    }
    if let Some(el) = doc.get_element_by_id("game-status")
        && el.text_content().as_deref() != Some(status)
    {
        el.set_text_content(Some(status));
    }
}
