//! A local, stateful emulator of the TikTok Smart+ API.
