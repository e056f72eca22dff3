//! What the tests share: the emulator wrapper, the way to run the real binary, and a
//! scripted fake of TikTok's API for the client's transport tests.

pub mod bin;
pub mod emu;
pub mod fake;
