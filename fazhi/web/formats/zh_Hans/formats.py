"""Date formats for forms: <input type="date"> accepts only ISO yyyy-mm-dd, which Django's zh_Hans
locale would render as yyyy/mm/dd (the browser then shows the field blank and blocks the save)."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y/%m/%d %H:%M"]
