//! The line of a run's error that says what went wrong. A failed Code node
//! reports a whole Python traceback, whose first line is the same for every
//! failure; the exception line after the last frame is the one that differs.

/// The exception line of a Python traceback (the first unindented line after
/// the last `File "…"` frame), or all of `error` when it is not one.
pub fn error_line(error: &str) -> &str {
    if !error.contains("Traceback (most recent call last):") {
        return error;
    }
    let lines: Vec<&str> = error.lines().collect();
    let Some(last_frame) = lines
        .iter()
        .rposition(|l| l.trim_start().starts_with("File \""))
    else {
        return error;
    };
    lines[last_frame + 1..]
        .iter()
        .find(|l| !l.trim().is_empty() && !l.starts_with(char::is_whitespace))
        .map(|l| l.trim_end())
        .unwrap_or(error)
}

#[cfg(test)]
mod tests {
    use super::error_line;

    #[test]
    fn a_code_node_traceback_gives_its_exception_line() {
        let e = "Traceback (most recent call last):\n  File \"<string>\", line 19, in <module>\n  File \"<string>\", line 5, in main\nValueError: refusing input: fail again\nerror: exit status 1\n";
        assert_eq!(error_line(e), "ValueError: refusing input: fail again");
    }

    #[test]
    fn a_chained_traceback_gives_the_last_exception() {
        let e = "Traceback (most recent call last):\n  File \"<string>\", line 4, in main\n    return d[k]\nKeyError: 'k'\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"<string>\", line 9, in <module>\n  File \"<string>\", line 6, in main\n    raise RuntimeError(\"no key\")\nRuntimeError: no key\nerror: exit status 1";
        assert_eq!(error_line(e), "RuntimeError: no key");
    }

    #[test]
    fn a_syntax_error_skips_the_source_and_caret_lines() {
        let e = "Traceback (most recent call last):\n  File \"<string>\", line 3\n    x = = 1\n        ^\nSyntaxError: invalid syntax\nerror: exit status 1";
        assert_eq!(error_line(e), "SyntaxError: invalid syntax");
    }

    #[test]
    fn other_errors_stay_whole() {
        assert_eq!(
            error_line("Aborted: User requested stop"),
            "Aborted: User requested stop"
        );
        assert_eq!(error_line(""), "");
        let cjk = "节点执行失败：超时\n请重试";
        assert_eq!(error_line(cjk), cjk);
        let cjk_tb = "Traceback (most recent call last):\n  File \"<string>\", line 2, in main\nValueError: 输入无效：文本为空";
        assert_eq!(error_line(cjk_tb), "ValueError: 输入无效：文本为空");
    }

    #[test]
    fn a_traceback_cut_short_stays_whole() {
        let e = "Traceback (most recent call last):\n  File \"<string>\", line 2, in main\n    x()";
        assert_eq!(error_line(e), e);
        let no_frame = "Traceback (most recent call last):\nboom";
        assert_eq!(error_line(no_frame), no_frame);
    }
}
