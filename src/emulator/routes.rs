//! The path table: which handler answers which path, and the envelope around it.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{MatchedPath, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::{MethodRouter, get, post};

use super::app::Shared;
use super::request::{Advertiser, Handler, ListHandler, Req};
use super::wire::{self, ApiError};
use super::{account, ad, adgroup, campaign, control, lookups, media, report};

const PREFIX: &str = "/open_api/v1.3";

pub(super) fn router(app: Arc<Shared>) -> Router {
    let sp = |p: &str| format!("{PREFIX}/smart_plus/{p}");
    let v = |p: &str| format!("{PREFIX}/{p}");
    Router::new()
        .route(&sp("campaign/create/"), write(campaign::create))
        .route(&sp("campaign/get/"), read(campaign::get))
        .route(&sp("campaign/update/"), write(campaign::update))
        .route(&sp("campaign/status/update/"), write(campaign::status))
        .route(&sp("adgroup/create/"), write(adgroup::create))
        .route(&sp("adgroup/get/"), read(adgroup::get))
        .route(&sp("adgroup/update/"), write(adgroup::update))
        .route(&sp("adgroup/status/update/"), write(adgroup::status))
        .route(&sp("adgroup/budget/update/"), write(adgroup::budget_update))
        .route(&sp("ad/create/"), write(ad::create))
        .route(&sp("ad/get/"), read(ad::get))
        .route(&sp("ad/update/"), write(ad::update))
        .route(&sp("ad/status/update/"), write(ad::status))
        .route(
            &v("advertiser/info/"),
            endpoint(true, Call::List(account::advertiser_info)),
        )
        .route(&v("campaign/get/"), read(account::manual_campaign_get))
        .route(&v("adgroup/get/"), read(account::manual_adgroup_get))
        .route(&v("ad/get/"), read(account::manual_ad_get))
        .route(&v("report/integrated/get/"), read(report::report))
        .route(&v("pixel/list/"), read(lookups::pixels))
        .route(&v("identity/get/"), read(lookups::identities))
        .route(&v("dmp/custom_audience/list/"), read(lookups::audiences))
        .route(
            &v("tool/interest_category/"),
            read(lookups::interest_categories),
        )
        .route(&v("page/get/"), read(lookups::forms))
        .route(&v("creative/portfolio/list/"), read(lookups::portfolios))
        .route(&v("creative/portfolio/get/"), read(lookups::portfolio))
        .route(
            &v("creative/portfolio/create/"),
            write(lookups::create_portfolio),
        )
        .route(&v("creative/cta/recommend/"), read(lookups::cta_recommend))
        // Searches change nothing, though TikTok takes them as POST.
        .route(
            &v("tool/targeting/search/"),
            endpoint(false, Call::One(lookups::search_places)),
        )
        .route(
            &v("tool/targeting/info/"),
            endpoint(false, Call::One(lookups::place_info)),
        )
        .route(&v("file/video/ad/upload/"), upload(media::upload_video))
        .route(&v("file/image/ad/upload/"), upload(media::upload_image))
        .route(&v("file/video/ad/info/"), read(media::video_info))
        .route(&v("file/image/ad/info/"), read(media::image_info))
        .route(&v("file/video/ad/search/"), read(media::video_search))
        .route(&v("file/image/ad/search/"), read(media::image_search))
        .merge(control::router())
        .with_state(app)
}

fn read(h: Handler) -> MethodRouter<Arc<Shared>> {
    endpoint(true, Call::One(h))
}

fn write(h: Handler) -> MethodRouter<Arc<Shared>> {
    endpoint(false, Call::One(h))
}

/// A write whose body may be a whole video: the default body limit is raised.
fn upload(h: Handler) -> MethodRouter<Arc<Shared>> {
    write(h).layer(axum::extract::DefaultBodyLimit::max(media::MAX_UPLOAD_BODY))
}

/// What answers a path: a handler for the one advertiser the call names, or one
/// that takes a list of them.
#[derive(Clone, Copy)]
enum Call {
    One(Handler),
    List(ListHandler),
}

fn endpoint(is_get: bool, call: Call) -> MethodRouter<Arc<Shared>> {
    let f = move |State(app): State<Arc<Shared>>,
                  path: MatchedPath,
                  headers: HeaderMap,
                  RawQuery(query): RawQuery,
                  body: Bytes| async move {
        dispatch(&app, path.as_str(), &headers, is_get, call, query, &body)
    };
    if is_get { get(f) } else { post(f) }
}

fn dispatch(
    app: &Shared,
    path: &str,
    headers: &HeaderMap,
    is_get: bool,
    call: Call,
    query: Option<String>,
    body: &Bytes,
) -> Response {
    let log_id = app.log_id();
    let who = match call {
        Call::One(_) => Advertiser::One,
        Call::List(_) => Advertiser::List,
    };
    let answer = Req::accept(app, headers, is_get, who, query, body).and_then(|req| match call {
        Call::List(h) => h(app, &req),
        Call::One(h) => {
            let Some(one) = req.advertiser.as_deref().and_then(|id| app.app(id)) else {
                return Err(ApiError::missing("advertiser_id"));
            };
            let answer = if app.admit_advertiser(&one, path) {
                h(&one, &req)
            } else {
                Err(ApiError::new(
                    wire::code::ADVERTISER_RATE_LIMIT,
                    format!(
                        "Requests made too frequently: advertiser {} exceeded its QPS limit on {path}. Please retry later.",
                        one.config.advertiser_id
                    ),
                ))
            };
            app.count_advertiser(&one, answer.as_ref().map_or_else(|e| e.code, |_| 0));
            answer
        }
    });
    match answer {
        Ok(data) => wire::ok(&log_id, data),
        Err(e) => wire::error(&log_id, &e),
    }
}
