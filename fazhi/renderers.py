"""JSON responses in readable UTF-8 (Chinese text unescaped)."""

import json

from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder


class Utf8JSONRenderer(JSONRenderer):
    def render(self, request, data, *, response_status):
        return json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False)
