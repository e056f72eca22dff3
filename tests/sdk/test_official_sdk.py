"""TikTok's official Python SDK as the judge of the emulator's wire format.

Runs against a live emulator:

    SMARTPLUS_EMULATOR_URL=http://127.0.0.1:PORT python3 tests/sdk/test_official_sdk.py

Optional: SMARTPLUS_EMULATOR_TOKEN (default sandbox-token),
SMARTPLUS_EMULATOR_ADVERTISER (default 7000000000000000001) and SMARTPLUS_BIN (the
smartplus binary: the ad-create lag needs a second emulator started with its flag;
without it that class is skipped). `.ci/sdk-test` sets
everything up (venv, SDK, emulator) and runs this file.
"""

import datetime
import hashlib
import os
import random
import json
import re
import subprocess
import sys
import time
import unittest
import urllib.request

import business_api_client
from business_api_client.models import SmartPlusCampaignCreateBody
from business_api_client.rest import ApiException
from business_api_client.tiktok_business.tiktok_exceptions import TiktokSDKError

URL = os.environ.get("SMARTPLUS_EMULATOR_URL", "")
# The smartplus binary, to start a second emulator with other flags (the ad-create lag).
BIN = os.environ.get("SMARTPLUS_BIN", "")
TOKEN = os.environ.get("SMARTPLUS_EMULATOR_TOKEN", "sandbox-token")
ADV = os.environ.get("SMARTPLUS_EMULATOR_ADVERTISER", "7000000000000000001")
ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "campaigns", "assets")
VIDEO_FILE = os.path.join(ASSETS, "spring-sale.mp4")
IMAGE_FILE = os.path.join(ASSETS, "spring-sale-cover.png")
# Filled in by the first upload: ads may name only what the account has.
MEDIA = {}


def rid():
    """A fresh request id: a 64-bit integer as a string."""
    return str(random.getrandbits(62))


def days_ahead(days):
    """Midnight UTC `days` from now: TikTok refuses starts that are not in the future."""
    day = datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=days)
    return f"{day.isoformat()} 00:00:00"


def error_code(exc):
    """The code inside a TiktokSDKError (the SDK keeps it only in the message)."""
    m = re.search(r"Error Code: (\d+)", str(exc))
    return int(m.group(1)) if m else None


def campaign_body(name, request_id=None):
    return {
        "advertiser_id": ADV,
        "request_id": request_id or rid(),
        "campaign_name": name,
        "objective_type": "WEB_CONVERSIONS",
        "sales_destination": "WEBSITE",
        "budget_optimize_on": True,
        "budget_mode": "BUDGET_MODE_DYNAMIC_DAILY_BUDGET",
        "budget": 500,
    }


def adgroup_body(campaign_id):
    return {
        "advertiser_id": ADV,
        "request_id": rid(),
        "campaign_id": campaign_id,
        "adgroup_name": "US broad",
        "promotion_type": "WEBSITE",
        "optimization_goal": "CONVERT",
        "optimization_event": "COMPLETE_PAYMENT",
        "pixel_id": "7100000000000000001",
        "bid_type": "BID_TYPE_NO_BID",
        "billing_event": "OCPM",
        "schedule_type": "SCHEDULE_START_END",
        "schedule_start_time": days_ahead(30),
        "schedule_end_time": days_ahead(60),
        "targeting_spec": {"location_ids": ["6252001"], "languages": ["en"]},
    }


def md5(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def ad_body(adgroup_id, video_id=None, image_id=None):
    return {
        "advertiser_id": ADV,
        "adgroup_id": adgroup_id,
        "ad_name": "Hero video",
        "creative_list": [
            {
                "creative_info": {
                    "ad_format": "SINGLE_VIDEO",
                    "video_info": {"video_id": video_id or MEDIA["video_id"]},
                    "image_info": [{"web_uri": image_id or MEDIA["image_id"]}],
                    "identity_type": "TT_USER",
                    "identity_id": "7200000000000000001",
                }
            }
        ],
        "ad_text_list": [{"ad_text": "Spring sale is on"}],
        "landing_page_url_list": [{"landing_page_url": "https://shop.example.com/spring"}],
        # Spark ads on TikTok take a CTA portfolio.
        "ad_configuration": {"call_to_action_id": "7500000000000000001"},
    }


class SdkCase(unittest.TestCase):
    """The SDK's API classes pointed at the emulator."""

    @classmethod
    def setUpClass(cls):
        if not URL:
            raise unittest.SkipTest("SMARTPLUS_EMULATOR_URL is not set")
        cfg = business_api_client.Configuration()
        cfg.host = URL
        client = business_api_client.ApiClient(cfg)
        cls.campaigns = business_api_client.CampaignCreationApi(client)
        cls.adgroups = business_api_client.AdgroupApi(client)
        cls.ads = business_api_client.AdApi(client)
        cls.files = business_api_client.FileApi(client)
        if not MEDIA:
            video = cls.files.ad_video_upload(
                TOKEN,
                advertiser_id=ADV,
                upload_type="UPLOAD_BY_FILE",
                video_file=VIDEO_FILE,
                video_signature=md5(VIDEO_FILE),
                file_name=f"sdk-{rid()}.mp4",
            )["data"]
            image = cls.files.ad_image_upload(
                TOKEN,
                advertiser_id=ADV,
                upload_type="UPLOAD_BY_FILE",
                image_file=IMAGE_FILE,
                image_signature=md5(IMAGE_FILE),
                file_name=f"sdk-{rid()}.png",
            )["data"]
            MEDIA["video_id"] = video[0]["video_id"]
            MEDIA["image_id"] = image["image_id"]

    def tree(self, name):
        cid = self.campaigns.smart_plus_campaign_create(TOKEN, body=campaign_body(name))[
            "data"
        ]["campaign_id"]
        gid = self.adgroups.smart_plus_adgroup_create(TOKEN, body=adgroup_body(cid))["data"][
            "adgroup_id"
        ]
        return cid, gid

    def assertSdkError(self, code, call, *args, **kwargs):
        with self.assertRaises(TiktokSDKError) as ctx:
            call(*args, **kwargs)
        self.assertEqual(error_code(ctx.exception), code, str(ctx.exception))
        return str(ctx.exception)


class MediaUploads(SdkCase):
    """FileApi: uploads with the MD5 signature, names unique per account, info and
    search by id, and ads naming only what the account has."""

    def test_video_upload_answers_a_list_and_refuses_a_repeated_name(self):
        name = f"sdk-{rid()}.mp4"
        kwargs = dict(
            advertiser_id=ADV,
            upload_type="UPLOAD_BY_FILE",
            video_file=VIDEO_FILE,
            video_signature=md5(VIDEO_FILE),
            file_name=name,
            flaw_detect=False,
        )
        data = self.files.ad_video_upload(TOKEN, **kwargs)["data"]
        self.assertIsInstance(data, list)
        video = data[0]
        self.assertTrue(video["video_id"].startswith("v"))
        self.assertEqual(video["signature"], md5(VIDEO_FILE))
        self.assertEqual(video["file_name"], name)
        self.assertEqual((video["width"], video["height"]), (720, 1280))
        self.assertEqual(video["duration"], 6.0)
        message = self.assertSdkError(40911, self.files.ad_video_upload, TOKEN, **kwargs)
        self.assertIn("Duplicated material name", message)
        info = self.files.ad_video_info(ADV, [video["video_id"], "v-unknown"], TOKEN)["data"]
        self.assertEqual([v["video_id"] for v in info["list"]], [video["video_id"]])
        found = self.files.ad_video_search(
            ADV, TOKEN, filtering={"video_ids": [video["video_id"]]}, page=1, page_size=10
        )["data"]
        self.assertEqual(found["list"][0]["file_name"], name)

    def test_a_wrong_signature_is_refused(self):
        self.assertSdkError(
            40002,
            self.files.ad_video_upload,
            TOKEN,
            advertiser_id=ADV,
            video_file=VIDEO_FILE,
            video_signature="0" * 32,
            file_name=f"sdk-{rid()}.mp4",
        )

    def test_image_upload_answers_an_object_and_info_finds_it(self):
        image = self.files.ad_image_upload(
            TOKEN,
            advertiser_id=ADV,
            image_file=IMAGE_FILE,
            image_signature=md5(IMAGE_FILE),
            file_name=f"sdk-{rid()}.png",
        )["data"]
        self.assertIsInstance(image, dict)
        info = self.files.file_image_ad_info(ADV, [image["image_id"]], TOKEN)["data"]
        self.assertEqual(info["list"][0]["signature"], md5(IMAGE_FILE))

    def test_ads_name_only_uploaded_media(self):
        _, gid = self.tree("Media check")
        body = ad_body(gid)
        body["creative_list"][0]["creative_info"]["video_info"]["video_id"] = "v10033g50000nowhere"
        message = self.assertSdkError(40002, self.ads.smart_plus_ad_create, TOKEN, body=body)
        self.assertIn("does not exist", message)
        self.ads.smart_plus_ad_create(TOKEN, body=ad_body(gid))


class OfficialSdk(SdkCase):

    def test_campaign_ad_group_ad_lifecycle(self):
        key = rid()
        created = self.campaigns.smart_plus_campaign_create(
            TOKEN, body=campaign_body("SDK lifecycle", key)
        )
        self.assertIn("request_id", created)
        campaign = created["data"]
        cid = campaign["campaign_id"]
        self.assertRegex(cid, r"^\d{16}$")
        self.assertEqual(campaign["secondary_status"], "CAMPAIGN_STATUS_ENABLE")

        # The same request_id returns the same campaign.
        again = self.campaigns.smart_plus_campaign_create(
            TOKEN, body=campaign_body("SDK lifecycle", key)
        )
        self.assertEqual(again["data"]["campaign_id"], cid)

        group = self.adgroups.smart_plus_adgroup_create(TOKEN, body=adgroup_body(cid))["data"]
        gid = group["adgroup_id"]
        self.assertEqual(group["campaign_id"], cid)
        self.assertEqual(group["secondary_status"], "ADGROUP_STATUS_CREATE")
        self.assertEqual(group["click_attribution_window"], "SEVEN_DAYS")

        ad = self.ads.smart_plus_ad_create(TOKEN, body=ad_body(gid))["data"]
        aid = ad["smart_plus_ad_id"]
        self.assertEqual(ad["secondary_status"], "AD_STATUS_AUDIT")
        self.assertTrue(ad["creative_list"][0]["ad_material_id"])

        # Lists with fields, filtering and paging, encoded the SDK's way.
        listed = self.campaigns.smart_plus_campaign_get(
            ADV,
            TOKEN,
            fields=["campaign_id", "budget"],
            filtering={"campaign_ids": [cid]},
            page=1,
            page_size=10,
        )["data"]
        self.assertEqual(listed["list"], [{"campaign_id": cid, "budget": 500}])
        self.assertEqual(
            listed["page_info"],
            {"page": 1, "page_size": 10, "total_number": 1, "total_page": 1},
        )
        groups = self.adgroups.smart_plus_adgroup_get(
            ADV, TOKEN, filtering={"campaign_ids": [cid]}
        )["data"]["list"]
        self.assertEqual([g["adgroup_id"] for g in groups], [gid])
        ads = self.ads.smart_plus_ad_get(
            ADV, TOKEN, filtering={"adgroup_ids": [gid]}, page_size=100
        )["data"]["list"]
        self.assertEqual([a["smart_plus_ad_id"] for a in ads], [aid])

        # Updates are incremental and return the whole object.
        updated = self.campaigns.smart_plus_campaign_update(
            TOKEN, body={"advertiser_id": ADV, "campaign_id": cid, "budget": 650}
        )["data"]
        self.assertEqual(updated["budget"], 650)
        self.assertEqual(updated["campaign_name"], "SDK lifecycle")
        updated = self.adgroups.smart_plus_adgroup_update(
            TOKEN, body={"advertiser_id": ADV, "adgroup_id": gid, "adgroup_name": "Renamed"}
        )["data"]
        self.assertEqual(updated["adgroup_name"], "Renamed")
        updated = self.ads.smart_plus_ad_update(
            TOKEN, body={"advertiser_id": ADV, "smart_plus_ad_id": aid, "ad_name": "Renamed ad"}
        )["data"]
        self.assertEqual(updated["ad_name"], "Renamed ad")

        # Status calls: partial failure is code 0 with an error list.
        status = self.adgroups.smart_plus_adgroup_status_update(
            TOKEN,
            body={
                "advertiser_id": ADV,
                "adgroup_ids": [gid, "1234567890123456"],
                "operation_status": "DISABLE",
            },
        )["data"]
        self.assertEqual(status["adgroup_list"], [{"adgroup_id": gid, "status": "DISABLE"}])
        self.assertEqual(status["error_list"][0]["adgroup_id"], "1234567890123456")
        status = self.ads.smart_plus_ad_status_update(
            TOKEN,
            body={"advertiser_id": ADV, "smart_plus_ad_ids": [aid], "operation_status": "DISABLE"},
        )["data"]
        self.assertEqual(status, {"smart_plus_ad_ids": [aid], "status": "DISABLE"})
        status = self.campaigns.smart_plus_campaign_status_update(
            TOKEN,
            body={"advertiser_id": ADV, "campaign_ids": [cid], "operation_status": "DELETE"},
        )["data"]
        self.assertEqual(status["campaign_list"], [{"campaign_id": cid, "status": "DELETE"}])
        self.assertEqual(status["error_list"], [])

        # Deleted objects are hidden unless asked for.
        hidden = self.campaigns.smart_plus_campaign_get(
            ADV, TOKEN, filtering={"campaign_ids": [cid]}
        )["data"]
        self.assertEqual(hidden["page_info"]["total_number"], 0)
        shown = self.campaigns.smart_plus_campaign_get(
            ADV, TOKEN, filtering={"campaign_ids": [cid], "primary_status": "STATUS_ALL"}
        )["data"]
        self.assertEqual(shown["list"][0]["secondary_status"], "CAMPAIGN_STATUS_DELETE")

    def test_model_bodies_are_accepted(self):
        # The generated model always sends is_advanced_dedicated_campaign.
        body = SmartPlusCampaignCreateBody(
            advertiser_id=ADV,
            request_id=rid(),
            campaign_name="SDK model body",
            objective_type="WEB_CONVERSIONS",
            sales_destination="WEBSITE",
            budget=120.0,
        )
        campaign = self.campaigns.smart_plus_campaign_create(TOKEN, body=body)["data"]
        self.assertEqual(campaign["campaign_name"], "SDK model body")
        self.assertEqual(campaign["budget_mode"], "BUDGET_MODE_DYNAMIC_DAILY_BUDGET")

    def test_paging(self):
        prefix = "SDK page " + rid()
        ids = [
            self.campaigns.smart_plus_campaign_create(
                TOKEN, body=campaign_body(f"{prefix} {i}")
            )["data"]["campaign_id"]
            for i in range(3)
        ]
        seen = []
        for page in (1, 2):
            data = self.campaigns.smart_plus_campaign_get(
                ADV,
                TOKEN,
                fields=["campaign_id"],
                filtering={"campaign_name": prefix},
                page=page,
                page_size=2,
            )["data"]
            self.assertEqual(data["page_info"]["total_number"], 3)
            self.assertEqual(data["page_info"]["total_page"], 2)
            seen += [c["campaign_id"] for c in data["list"]]
        self.assertEqual(sorted(seen), sorted(ids))

    def test_error_envelopes_raise_sdk_errors(self):
        api = self.campaigns
        self.assertSdkError(40105, api.smart_plus_campaign_get, ADV, "not-the-token")
        self.assertSdkError(40001, api.smart_plus_campaign_get, "7000000000000000099", TOKEN)
        self.assertSdkError(40002, api.smart_plus_campaign_get, ADV, TOKEN, page_size=1001)
        self.assertSdkError(40002, self.ads.smart_plus_ad_get, ADV, TOKEN, page_size=101)
        self.assertSdkError(
            40011,
            api.smart_plus_campaign_get,
            ADV,
            TOKEN,
            filtering={"campaign_ids": [str(1700000000000000 + i) for i in range(101)]},
        )
        body = campaign_body("Traffic")
        body["objective_type"] = "TRAFFIC"
        self.assertSdkError(40002, api.smart_plus_campaign_create, TOKEN, body=body)
        self.assertSdkError(
            40007,
            self.adgroups.smart_plus_adgroup_create,
            TOKEN,
            body=adgroup_body("1234567890123456"),
        )


class LiveBehaviour(SdkCase):
    """What live use showed beyond the documentation (reference §14), seen through the SDK."""

    def test_spark_ads_need_a_cta_portfolio(self):
        _, gid = self.tree("SDK portfolio")
        body = ad_body(gid)
        del body["ad_configuration"]
        message = self.assertSdkError(40002, self.ads.smart_plus_ad_create, TOKEN, body=body)
        self.assertIn("call_to_action_id", message)
        body = ad_body(gid)
        body["call_to_action_list"] = [{"call_to_action": "SHOP_NOW"}]
        self.assertSdkError(40002, self.ads.smart_plus_ad_create, TOKEN, body=body)

    def test_starts_must_be_in_the_future(self):
        cid, _ = self.tree("SDK start")
        body = adgroup_body(cid)
        body["schedule_start_time"] = days_ahead(-1)
        message = self.assertSdkError(
            40002, self.adgroups.smart_plus_adgroup_create, TOKEN, body=body
        )
        self.assertIn("Start time must be in the future", message)

    def test_request_ids_are_digits_and_ad_creates_honour_them(self):
        body = campaign_body("SDK uuid key", "req_" + rid())
        self.assertSdkError(40002, self.campaigns.smart_plus_campaign_create, TOKEN, body=body)
        _, gid = self.tree("SDK ad key")
        body = ad_body(gid)
        body["request_id"] = rid()
        first = self.ads.smart_plus_ad_create(TOKEN, body=body)["data"]
        again = self.ads.smart_plus_ad_create(TOKEN, body=body)["data"]
        self.assertEqual(first["smart_plus_ad_id"], again["smart_plus_ad_id"])

    def test_reads_show_the_live_shape(self):
        cid, gid = self.tree("SDK read shape")
        self.ads.smart_plus_ad_create(TOKEN, body=ad_body(gid))
        ad = self.ads.smart_plus_ad_get(ADV, TOKEN, filtering={"campaign_ids": [cid]})["data"][
            "list"
        ][0]
        self.assertEqual(ad["campaign_name"], "SDK read shape")
        self.assertEqual(ad["adgroup_name"], "US broad")
        self.assertEqual(ad["call_to_action_list"], [])
        self.assertNotIn("ad_id", ad)
        info = ad["creative_list"][0]["creative_info"]
        self.assertEqual(info["identity_type"], "TT_USER")
        group = self.adgroups.smart_plus_adgroup_get(ADV, TOKEN, filtering={"campaign_ids": [cid]})[
            "data"
        ]["list"][0]
        self.assertEqual(group["campaign_name"], "SDK read shape")
        self.assertEqual(group["targeting_spec"]["gender"], "GENDER_UNLIMITED")
        self.assertIn("AGE_18_24", group["targeting_spec"]["age_groups"])

    def test_operation_status_filter_is_ignored(self):
        cid, gid = self.tree("SDK ignored filter")
        self.adgroups.smart_plus_adgroup_status_update(
            TOKEN,
            body={"advertiser_id": ADV, "adgroup_ids": [gid], "operation_status": "DISABLE"},
        )
        groups = self.adgroups.smart_plus_adgroup_get(
            ADV, TOKEN, filtering={"campaign_ids": [cid], "operation_status": "ENABLE"}
        )["data"]["list"]
        self.assertEqual([g["adgroup_id"] for g in groups], [gid])

    def test_growing_vocabularies_take_new_literals(self):
        cid = self.campaigns.smart_plus_campaign_create(
            TOKEN, body=campaign_body("SDK open lists")
        )["data"]["campaign_id"]
        body = adgroup_body(cid)
        body["optimization_event"] = "ON_WEB_ORDER"
        group = self.adgroups.smart_plus_adgroup_create(TOKEN, body=body)["data"]
        self.assertEqual(group["optimization_event"], "ON_WEB_ORDER")
        body = adgroup_body(cid)
        body["optimization_event"] = "on web order"
        self.assertSdkError(40002, self.adgroups.smart_plus_adgroup_create, TOKEN, body=body)


    def test_a_budget_at_or_below_todays_spend_changes_nothing(self):
        cid = self.campaigns.smart_plus_campaign_create(
            TOKEN, body=campaign_body("SDK spent today")
        )["data"]["campaign_id"]
        control(URL, "/_emulator/spend", {"kind": "campaign", "id": cid, "spend": "400", "today": "300"})
        for budget in (300, 250):
            # Code 0, as live: the SDK sees success, and the budget stays.
            self.campaigns.smart_plus_campaign_update(
                TOKEN, body={"advertiser_id": ADV, "campaign_id": cid, "budget": budget}
            )
            got = self.campaigns.smart_plus_campaign_get(
                ADV, TOKEN, filtering={"campaign_ids": [cid]}
            )["data"]["list"][0]
            self.assertEqual(float(got["budget"]), 500.0)
        self.campaigns.smart_plus_campaign_update(
            TOKEN, body={"advertiser_id": ADV, "campaign_id": cid, "budget": 420}
        )
        got = self.campaigns.smart_plus_campaign_get(ADV, TOKEN, filtering={"campaign_ids": [cid]})
        self.assertEqual(float(got["data"]["list"][0]["budget"]), 420.0)

    def test_an_overlong_url_gets_the_cdn_html_page(self):
        ids = [str(1800000000000000000 + i) for i in range(600)]
        with self.assertRaises(ApiException) as ctx:
            self.campaigns.smart_plus_campaign_get(ADV, TOKEN, filtering={"campaign_ids": ids})
        self.assertEqual(ctx.exception.status, 400)
        body = ctx.exception.body
        body = body.decode() if isinstance(body, bytes) else str(body)
        self.assertIn("<TITLE>Bad Request</TITLE>", body)

    def test_behaviours_take_new_literals_and_refuse_malformed_ones(self):
        cid = self.campaigns.smart_plus_campaign_create(
            TOKEN, body=campaign_body("SDK behaviours")
        )["data"]["campaign_id"]
        actions = [
            {"action_scene": "CREATOR_RELATED", "action_period": 7,
             "video_user_actions": ["FOLLOWING"], "action_category_ids": ["30010"]},
            {"action_scene": "SHOP_RELATED", "action_period": 15,
             "video_user_actions": ["ADDED_TO_CART"], "action_category_ids": ["41002"]},
        ]
        body = adgroup_body(cid)
        body["targeting_optimization_mode"] = "MANUAL"
        body["targeting_spec"]["actions"] = actions
        gid = self.adgroups.smart_plus_adgroup_create(TOKEN, body=body)["data"]["adgroup_id"]
        group = self.adgroups.smart_plus_adgroup_get(
            ADV, TOKEN, filtering={"adgroup_ids": [gid]}
        )["data"]["list"][0]
        stored = group["targeting_spec"]["actions"]
        self.assertEqual(stored[0]["action_period"], 0, "no period for creator behaviours")
        self.assertEqual(stored[1], actions[1])
        body = adgroup_body(cid)
        body["targeting_optimization_mode"] = "MANUAL"
        body["targeting_spec"]["actions"] = [dict(actions[0], video_user_actions=["LIKED"])]
        message = self.assertSdkError(
            40002, self.adgroups.smart_plus_adgroup_create, TOKEN, body=body
        )
        self.assertIn("targeting_spec.actions[0].video_user_actions", message)


class Lookups(SdkCase):
    """What specs name readably, read through the SDK's own lookup calls."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        client = cls.campaigns.api_client
        cls.measurement = business_api_client.MeasurementApi(client)
        cls.identity = business_api_client.IdentityApi(client)
        cls.audience = business_api_client.AudienceApi(client)
        cls.tool = business_api_client.ToolApi(client)
        cls.creative = business_api_client.CreativeManagementApi(client)

    def test_pixels_by_name_and_code_in_pages_of_at_most_20(self):
        data = self.measurement.pixel_list(ADV, TOKEN, page_size=20)["data"]
        names = {p["pixel_name"]: (p["pixel_id"], p["pixel_code"]) for p in data["pixels"]}
        self.assertEqual(names["Shop pixel"], ("7100000000000000001", "CSHOPPIXEL0000000001"))
        self.assertEqual(data["page_info"]["total_number"], len(data["pixels"]))
        found = self.measurement.pixel_list(ADV, TOKEN, code="CSIGNUPPIXEL00000002")["data"]
        self.assertEqual([p["pixel_name"] for p in found["pixels"]], ["Signup pixel"])
        self.assertSdkError(40002, self.measurement.pixel_list, ADV, TOKEN, page_size=21)

    def test_identities_by_type_and_business_center(self):
        users = self.identity.identity_get(ADV, TOKEN, identity_type="TT_USER")["data"]
        self.assertIn("Brand", [i["display_name"] for i in users["identity_list"]])
        self.assertTrue(all(i["identity_type"] == "TT_USER" for i in users["identity_list"]))
        self.assertSdkError(40002, self.identity.identity_get, ADV, TOKEN, identity_type="BC_AUTH_TT")
        bc = self.identity.identity_get(
            ADV, TOKEN, identity_type="BC_AUTH_TT", identity_authorized_bc_id="7800000000000000001"
        )["data"]["identity_list"]
        self.assertEqual([i["display_name"] for i in bc], ["Partner creator"])

    def test_custom_audiences_and_the_interest_tree(self):
        audiences = self.audience.dmp_custom_audience_list(ADV, TOKEN, page_size=100)["data"]["list"]
        self.assertIn(("7300000000000000001", "Recent buyers"), [(a["audience_id"], a["name"]) for a in audiences])
        tree = self.tool.tool_interest_category(ADV, TOKEN, version=2, language="en")["data"]
        by_id = {c["interest_category_id"]: c for c in tree["interest_categories"]}
        self.assertIn("10015", by_id["10010"]["sub_category_ids"])
        self.assertEqual(by_id["10015"]["interest_category_name"], "Productivity")

    def test_places_are_searched_by_name_with_their_parents(self):
        body = {
            "advertiser_id": ADV,
            "objective_type": "WEB_CONVERSIONS",
            "placements": ["PLACEMENT_TIKTOK"],
            "search_type": "FUZZY_SEARCH",
            "keywords": ["Springfield"],
            "region_codes": ["US"],
        }
        data = self.tool.tool_targeting_search(TOKEN, body=body)["data"]
        ids = sorted(t["geo"]["geo_id"] for t in data["targeting_tag_list"])
        self.assertEqual(ids, ["4250542", "4409896", "4525353"])
        parents = {t["geo"]["geo_id"]: t["name"] for t in data["parent_tags"]}
        self.assertEqual(parents["4896861"], "Illinois")
        self.assertEqual(parents["6252001"], "United States")
        info = self.tool.tool_targeting_info(
            TOKEN,
            body={
                "advertiser_id": ADV,
                "targeting_ids": ["2921044", "4887398"],
                "scene": "GEO",
                "objective_type": "WEB_CONVERSIONS",
                "placements": ["PLACEMENT_TIKTOK"],
            },
        )["data"]
        self.assertEqual([t["name"] for t in info["targeting_tag_list"]], ["Germany", "Chicago"])
        del body["placements"]
        self.assertSdkError(40002, self.tool.tool_targeting_search, TOKEN, body=body)

    def test_cta_portfolios_are_listed_by_type_and_made_from_recommended_ctas(self):
        # Without the type filter, TikTok leaves CTA portfolios out.
        plain = self.creative.creative_portfolio_list(ADV, TOKEN)["data"]["creative_portfolios"]
        self.assertEqual(plain, [])
        listed = self.creative.creative_portfolio_list(
            ADV, TOKEN, filtering={"creative_portfolio_types": ["CTA"]}, page_size=100
        )["data"]["creative_portfolios"]
        self.assertIn("7500000000000000001", [p["creative_portfolio_id"] for p in listed])
        body = {
            "advertiser_id": ADV,
            "creative_portfolio_type": "CTA",
            "portfolio_content": [{"asset_content": "Watch now", "asset_ids": ["201792"]}],
        }
        made = self.creative.creative_portfolio_create(TOKEN, body=body)["data"]["creative_portfolio_id"]
        got = self.creative.creative_portfolio_get(ADV, made, TOKEN)["data"]
        self.assertEqual(got["portfolio_content"][0]["asset_content"], "Watch now")
        body["portfolio_content"][0]["asset_ids"] = ["1"]
        self.assertSdkError(40002, self.creative.creative_portfolio_create, TOKEN, body=body)


def control(url, path, body):
    """POSTs to one of the emulator's test controls (plain JSON, no token)."""
    req = urllib.request.Request(
        url + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


class AdCreateLag(unittest.TestCase):
    """`--ad-create-lag`: right after an ad group is made, ad creates under it fail as
    they do live (40007, then 40202), and go through once it has settled. A second
    emulator with the flag, started from SMARTPLUS_BIN."""

    LAG_SECONDS = 1

    @classmethod
    def setUpClass(cls):
        if not BIN:
            raise unittest.SkipTest("SMARTPLUS_BIN is not set")
        cls.proc = subprocess.Popen(
            [BIN, "emulator", "--listen", "127.0.0.1:0", "--access-token", TOKEN,
             "--advertiser-id", ADV, "--any-asset-id",
             "--ad-create-lag", str(cls.LAG_SECONDS)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        line = cls.proc.stdout.readline().strip()
        if not line.startswith("listening on http://127.0.0.1:"):
            cls.proc.kill()
            raise RuntimeError(f"unexpected first line from the emulator: {line!r}")
        cfg = business_api_client.Configuration()
        cfg.host = line[len("listening on "):]
        client = business_api_client.ApiClient(cfg)
        cls.campaigns = business_api_client.CampaignCreationApi(client)
        cls.adgroups = business_api_client.AdgroupApi(client)
        cls.ads = business_api_client.AdApi(client)

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(timeout=10)

    def test_ad_creates_fail_until_the_ad_group_settles(self):
        cid = self.campaigns.smart_plus_campaign_create(TOKEN, body=campaign_body("SDK lag"))[
            "data"
        ]["campaign_id"]
        made = time.monotonic()
        gid = self.adgroups.smart_plus_adgroup_create(TOKEN, body=adgroup_body(cid))["data"][
            "adgroup_id"
        ]
        # `--any-asset-id`: this emulator has no uploads of its own.
        body = ad_body(gid, "v10033g50000lag01", "ad-site-i18n-sg/lag")
        codes = []
        for _ in range(2):
            with self.assertRaises(TiktokSDKError) as ctx:
                self.ads.smart_plus_ad_create(TOKEN, body=dict(body, request_id=rid()))
            codes.append(error_code(ctx.exception))
        self.assertEqual(codes, [40007, 40202], "does not exist, then concurrent")
        time.sleep(max(0.0, self.LAG_SECONDS + 0.2 - (time.monotonic() - made)))
        ad = self.ads.smart_plus_ad_create(TOKEN, body=dict(body, request_id=rid()))["data"]
        self.assertTrue(ad["smart_plus_ad_id"])
        listed = self.ads.smart_plus_ad_get(ADV, TOKEN, filtering={"adgroup_ids": [gid]})
        self.assertEqual(len(listed["data"]["list"]), 1, "the refused creates made nothing")


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    if not URL:
        print("SMARTPLUS_EMULATOR_URL is not set", file=sys.stderr)
        sys.exit(2)
    sys.exit(0 if result.wasSuccessful() and result.testsRun > 0 else 1)
