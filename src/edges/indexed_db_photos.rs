//! Photos on the web, kept in the browser's IndexedDB (database `vssid`, object store
//! `photos`, the picture's bytes under its key), never in localStorage.
//!
//! IndexedDB answers later, the [`PhotoStore`] trait at once: [`preload`] opens the database
//! and reads every photo into memory before the app draws its first screen (`app::App` waits
//! for it), then [`IndexedDbPhotoStore`] answers reads from memory and passes every write and
//! delete on to IndexedDB, where the browser carries them out in order. A write the browser
//! refuses (quota) leaves the photo in memory for this visit only, as before.
//!
//! Photos an older version kept in localStorage (`vssid.photo.*`) are moved here at start.

use super::photos::{MemoryPhotoStore, PhotoBytes, PhotoStore};
use super::StoreError;
use base64::Engine;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransactionMode};

/// The database's name.
pub const DATABASE: &str = "vssid";
/// The object store of the photos.
pub const STORE: &str = "photos";
/// Where older versions kept photos in localStorage.
const LEGACY_PREFIX: &str = "vssid.photo.";

/// What [`preload`] read: the open database (none when IndexedDB is unavailable, e.g. some
/// private windows) and every photo in it.
#[derive(Clone, Default)]
struct Preloaded {
    database: Option<IdbDatabase>,
    photos: Vec<(String, Vec<u8>)>,
}

thread_local! {
    static PRELOADED: RefCell<Preloaded> = RefCell::new(Preloaded::default());
}

/// Opens the database and reads every photo into memory; moves photos an older version left
/// in localStorage into it. Call once before the app draws.
pub async fn preload() {
    let database = open().await.ok();
    let mut photos = match &database {
        Some(database) => read_all(database).await.unwrap_or_default(),
        None => Vec::new(),
    };
    for (key, bytes) in take_legacy_photos() {
        if let Some(database) = &database {
            write(database, |store| {
                store.put_with_key(&bytes_value(&bytes), &key.as_str().into())
            });
        }
        photos.push((key, bytes));
    }
    PRELOADED.with(|preloaded| {
        *preloaded.borrow_mut() = Preloaded { database, photos };
    });
}

/// Photos in memory, written through to IndexedDB.
pub struct IndexedDbPhotoStore {
    memory: MemoryPhotoStore,
    database: Option<IdbDatabase>,
}

impl IndexedDbPhotoStore {
    /// The store over what [`preload`] read (empty, memory only, if it was not called).
    pub fn new() -> Self {
        let preloaded = PRELOADED.with(|preloaded| preloaded.borrow().clone());
        let memory = MemoryPhotoStore::default();
        for (key, bytes) in preloaded.photos {
            let _ = memory.put(&key, bytes);
        }
        IndexedDbPhotoStore {
            memory,
            database: preloaded.database,
        }
    }
}

impl Default for IndexedDbPhotoStore {
    fn default() -> Self {
        Self::new()
    }
}

impl PhotoStore for IndexedDbPhotoStore {
    fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), StoreError> {
        if let Some(database) = &self.database {
            write(database, |store| {
                store.put_with_key(&bytes_value(&bytes), &key.into())
            });
        }
        self.memory.put(key, bytes)
    }
    fn get(&self, key: &str) -> Option<PhotoBytes> {
        self.memory.get(key)
    }
    fn delete(&self, key: &str) {
        self.memory.delete(key);
        if let Some(database) = &self.database {
            write(database, |store| store.delete(&key.into()));
        }
    }
    fn keys(&self) -> Vec<String> {
        self.memory.keys()
    }
    fn clear(&self) {
        self.memory.clear();
        if let Some(database) = &self.database {
            write(database, IdbObjectStore::clear);
        }
    }
}

fn bytes_value(bytes: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(bytes).into()
}

/// Queues one change in its own read-write transaction; the browser runs read-write
/// transactions on the same store in the order they were made.
fn write(
    database: &IdbDatabase,
    change: impl FnOnce(&IdbObjectStore) -> Result<IdbRequest, JsValue>,
) {
    let store = database
        .transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)
        .and_then(|transaction| transaction.object_store(STORE));
    if let Ok(store) = store {
        let _ = change(&store);
    }
}

/// Opens (creating on first use) the database.
async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or_else(|| JsValue::from_str("no window"))?
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("no IndexedDB"))?;
    let request = factory.open_with_u32(DATABASE, 1)?;
    let on_upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        let database = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::IdbOpenDbRequest>().ok())
            .and_then(|request| request.result().ok())
            .and_then(|result| result.dyn_into::<IdbDatabase>().ok());
        if let Some(database) = database {
            if !database.object_store_names().contains(STORE) {
                let _ = database.create_object_store(STORE);
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let opened = finished(&request).await;
    request.set_onupgradeneeded(None);
    drop(on_upgrade);
    opened?.dyn_into::<IdbDatabase>()
}

/// Every photo in the database, with its key.
async fn read_all(database: &IdbDatabase) -> Result<Vec<(String, Vec<u8>)>, JsValue> {
    let store = database.transaction_with_str(STORE)?.object_store(STORE)?;
    // Both requests are made, and listened to, before waiting: the transaction closes once
    // it has nothing left to do.
    let keys = finished(&store.get_all_keys()?);
    let values = finished(&store.get_all()?);
    let keys: js_sys::Array = keys.await?.dyn_into()?;
    let values: js_sys::Array = values.await?.dyn_into()?;
    Ok(keys
        .iter()
        .zip(values.iter())
        .filter_map(|(key, value)| {
            let key = key.as_string()?;
            let bytes = value.dyn_into::<js_sys::Uint8Array>().ok()?.to_vec();
            Some((key, bytes))
        })
        .collect())
}

/// The result of a request, once the browser has answered it. The listeners are set now, so
/// an answer that comes before the future is first polled is not missed.
fn finished(request: &IdbRequest) -> impl Future<Output = Result<JsValue, JsValue>> {
    let (sender, receiver) = futures_channel::oneshot::channel::<bool>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let answer = |succeeded: bool| {
        let sender = sender.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |_event: web_sys::Event| {
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(succeeded);
            }
        })
    };
    let on_success = answer(true);
    let on_error = answer(false);
    request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let request = request.clone();
    async move {
        let succeeded = receiver.await.unwrap_or(false);
        request.set_onsuccess(None);
        request.set_onerror(None);
        drop((on_success, on_error));
        if succeeded {
            request.result()
        } else {
            Err(request
                .error()
                .ok()
                .flatten()
                .map_or_else(|| JsValue::from_str("IndexedDB request failed"), Into::into))
        }
    }
}

/// Removes the photos an older version kept in localStorage and answers them.
fn take_legacy_photos() -> Vec<(String, Vec<u8>)> {
    let Ok(storage) = super::drafts::local_storage() else {
        return Vec::new();
    };
    let length = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..length)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|key| key.starts_with(LEGACY_PREFIX))
        .collect();
    let mut photos = Vec::new();
    for stored_key in keys {
        let encoded = storage.get_item(&stored_key).ok().flatten();
        let _ = storage.remove_item(&stored_key);
        let bytes = encoded.and_then(|encoded| {
            base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()
        });
        if let Some(bytes) = bytes {
            photos.push((stored_key[LEGACY_PREFIX.len()..].to_string(), bytes));
        }
    }
    photos
}
