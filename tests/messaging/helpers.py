"""Channels pointed at the loopback server."""

from __future__ import annotations

from messaging.choices import ChannelKind
from messaging.services.channels import channel_create

WECOM_KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
DINGTALK_TOKEN = "f0a1b2c3d4e5f60718293a4b5c6d7e8f"
DINGTALK_SECRET = "SEC8d1b0c6e7f2a9b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b"
FEISHU_TOKEN = "3f1c8a52-9d4e-4b7a-8c61-0e2f5d9b7a14"


def endpoints(settings, loopback) -> None:
    """WeCom, DingTalk and Feishu post to their own hosts: point them at the loopback server."""
    settings.MESSAGING_ENDPOINTS = {
        "wecom": f"{loopback.url}/wecom/send?key={{token}}",
        "dingtalk": f"{loopback.url}/dingtalk/send?access_token={{token}}",
        "feishu": f"{loopback.url}/feishu/hook/{{token}}",
    }


def robots(organisation, loopback=None) -> dict:
    return {
        "wecom": channel_create(
            organisation=organisation,
            kind=ChannelKind.WECOM,
            label="应急群（企业微信）",
            target=f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}",
        ),
        "dingtalk": channel_create(
            organisation=organisation,
            kind=ChannelKind.DINGTALK,
            label="理赔群（钉钉）",
            target=f"https://oapi.dingtalk.com/robot/send?access_token={DINGTALK_TOKEN}",
            secret=DINGTALK_SECRET,
        ),
        "feishu": channel_create(
            organisation=organisation,
            kind=ChannelKind.FEISHU,
            label="飞书群",
            target=f"https://open.feishu.cn/open-apis/bot/v2/hook/{FEISHU_TOKEN}",
        ),
    }


def sms_gateway(loopback, organisation=None):
    return channel_create(
        organisation=organisation, kind=ChannelKind.SMS, label="短信网关", target=f"{loopback.url}/sms/send",
        secret="gw-token-123",
    )  # fmt: skip


def webhook(loopback, organisation):
    return channel_create(
        organisation=organisation, kind=ChannelKind.WEBHOOK, label="值班系统", target=f"{loopback.url}/hook/in"
    )
