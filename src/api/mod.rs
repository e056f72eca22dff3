//! TikTok Marketing API client (Smart+ endpoints).
