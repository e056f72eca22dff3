//! Choosing the account: API URL, token, advertiser, or the local sandbox.
