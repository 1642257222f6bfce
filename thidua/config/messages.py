"""Vietnamese wording for configuration errors (kept apart so translators find it in one place)."""

# pydantic error type → Vietnamese template; {ctx} holds pydantic's context values.
PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "thiếu mục bắt buộc.",
    "extra_forbidden": "khóa không được hỗ trợ.",
    "string_type": "phải là một chuỗi chữ.",
    "string_too_short": "quá ngắn (tối thiểu {ctx[min_length]} ký tự).",
    "string_pattern_mismatch": "“{input}” không đúng dạng mã: chữ IN HOA không dấu, số hoặc “_”.",
    "int_parsing": "phải là số nguyên, nhận được “{input}”.",
    "int_type": "phải là số nguyên.",
    "int_from_float": "phải là số nguyên, nhận được “{input}”.",
    "float_parsing": "phải là số, nhận được “{input}”.",
    "decimal_parsing": "phải là số, nhận được “{input}” (số thập phân viết dấu chấm, như 0.5).",
    "grouped_number": (
        "“{input}” có dấu chấm ngăn cách hàng nghìn, mà trong tệp cấu hình dấu chấm là dấu thập phân:"
        " viết liền {ctx[joined]} (số thập phân thì viết như 0.5)."
    ),
    "float_type": "phải là số.",
    "bool_parsing": "phải là true hoặc false.",
    "bool_type": "phải là true hoặc false.",
    "literal_error": "giá trị “{input}” không hợp lệ; chọn một trong: {ctx[expected]}.",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ctx[ge]}.",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {ctx[le]}.",
    "greater_than": "phải lớn hơn {ctx[gt]}.",
    "too_short": "cần ít nhất {ctx[min_length]} mục.",
    "too_long": "nhiều nhất {ctx[max_length]} mục.",
    "list_type": "phải là một danh sách (các dòng bắt đầu bằng “- ”).",
    "dict_type": "phải là một bảng khóa: giá trị.",
    "invalid_key": (
        "“{input}” không phải là tên khóa: trong dấu ngoặc nhọn {{…}}, dấu phẩy ngăn cách các mục, nên số thập phân"
        " viết dấu chấm (0.5), và chữ có dấu phẩy đặt trong ngoặc kép."
    ),
    "model_type": "phải là một bảng khóa: giá trị.",
    "date_from_datetime_parsing": "phải là một ngày, viết ngày/tháng/năm như 31/01/2023 (hoặc 2023-01-31).",
    "date_parsing": "phải là một ngày, viết ngày/tháng/năm như 31/01/2023 (hoặc 2023-01-31).",
    "date_type": "phải là một ngày, viết ngày/tháng/năm như 31/01/2023 (hoặc 2023-01-31).",
    "day_not_real": "“{input}” không phải là một ngày có thật (viết ngày/tháng/năm, như 31/01/2023).",
}
