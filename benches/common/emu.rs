//! The emulator the benches run against: in-process, on its own runtime, its counters
//! read over HTTP, shut down when dropped. Shared by `apply` and `shared_qps`.

use serde_json::Value;
use smartplus::emulator::{self, Config, Handle};

/// An emulator on its own runtime.
pub(crate) struct Emu {
    pub(crate) rt: tokio::runtime::Runtime,
    handle: Option<Handle>,
    pub(crate) url: String,
}

impl Emu {
    /// Starts an emulator with `config`, on two worker threads.
    pub(crate) fn start(config: Config) -> Result<Emu, String> {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        let handle = rt
            .block_on(emulator::start(config))
            .map_err(|e| e.to_string())?;
        let url = handle.url();
        Ok(Emu {
            rt,
            handle: Some(handle),
            url,
        })
    }

    /// `/_emulator/stats`.
    pub(crate) fn stats(&self) -> Result<Value, String> {
        let url = format!("{}/_emulator/stats", self.url);
        self.rt.block_on(async {
            reqwest::get(url)
                .await
                .map_err(|e| e.to_string())?
                .json::<Value>()
                .await
                .map_err(|e| e.to_string())
        })
    }
}

impl Drop for Emu {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            self.rt.block_on(h.shutdown());
        }
    }
}
