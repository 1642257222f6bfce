"""The command line: thidua's commands, and what they print."""

STOPPED = "Đã dừng; không có tệp nào ghi dở."  # Ctrl-C, said by cli/entry.py and cli/main.py alike
