//! The query parser against pydantic's messages, and selection on the
//! demo data.

use super::*;
use crate::demo::data::runs::generate;
use crate::demo::data::DataConfig;
use crate::demo::isoparse::tests::utc;

#[test]
fn validation_messages_like_pydantic() {
    let err = |q: &str| match parse_log_query(q) {
        Err(QueryError::Invalid(m)) => m,
        other => panic!("expected 400 for {q}: {other:?}"),
    };
    assert_eq!(
        err("status=bogus"),
        "1 validation error for WorkflowLogQuery\nstatus\n  Input should be 'succeeded', 'failed' or 'stopped' [type=literal_error, input_value='bogus', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.12/v/literal_error"
    );
    assert_eq!(
        err("limit=0"),
        "1 validation error for WorkflowLogQuery\nlimit\n  Input should be greater than or equal to 1 [type=greater_than_equal, input_value='0', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.12/v/greater_than_equal"
    );
    assert_eq!(
        err("limit=101"),
        "1 validation error for WorkflowLogQuery\nlimit\n  Input should be less than or equal to 100 [type=less_than_equal, input_value='101', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.12/v/less_than_equal"
    );
    assert_eq!(
        err("page=0"),
        "1 validation error for WorkflowLogQuery\npage\n  Input should be greater than or equal to 1 [type=greater_than_equal, input_value='0', input_type=str]\n    For further information visit https://errors.pydantic.dev/2.12/v/greater_than_equal"
    );
    assert!(err("page=100000").contains("less than or equal to 99999"));
    assert!(err("limit=abc").contains(
        "Input should be a valid integer, unable to parse string as an integer [type=int_parsing, input_value='abc', input_type=str]"
    ));
    assert!(err("limit=2.5").contains("int_parsing"));
    assert!(err("limit=").contains("input_value=''"));
    assert!(err("status=").contains("literal_error"));
    let two = err("status=x&page=0&limit=101");
    assert!(two.starts_with("3 validation errors for WorkflowLogQuery\nstatus\n"));
    assert!(two.contains("\npage\n") && two.contains("\nlimit\n"));
    assert_eq!(
        err("created_at__after=2026-11-26T17:53:21+08:00"),
        "Unused components in ISO string"
    );
    assert_eq!(
        err("created_at__before=not-a-date"),
        "invalid literal for int() with base 10: b'not-'"
    );
    // Long inputs are shortened like pydantic-core does.
    let long = err(&format!("status={}", "x".repeat(80)));
    assert!(long.contains(&format!(
        "input_value='{}...{}'",
        "x".repeat(24),
        "x".repeat(23)
    )));
}

#[test]
fn valid_queries_parse() {
    let q = parse_log_query("page=2&limit=10&status=failed&keyword=alpha&limit=99").unwrap();
    assert_eq!(
        (q.page, q.limit),
        (2, 10),
        "first value of a repeated key wins"
    );
    assert_eq!(q.status, Some(Status::Failed));
    assert_eq!(q.keyword.as_deref(), Some("alpha"));
    let q = parse_log_query("limit=+5.00&page= 3 &keyword=&created_at__after=").unwrap();
    assert_eq!((q.page, q.limit), (3, 5));
    assert_eq!((q.keyword, q.after_us), (None, None));
    let q = parse_log_query("created_at__after=2026-11-26T17:53:21%2B08:00").unwrap();
    assert_eq!(q.after_us, Some(utc("2026-11-26T09:53:21Z")));
    let q = parse_log_query("keyword=a+b%20c").unwrap();
    assert_eq!(q.keyword.as_deref(), Some("a b c"));
}

fn data() -> Dataset {
    generate(DataConfig {
        count: 1000,
        seed: 42,
        now: 1_795_687_000,
    })
}

/// Unix seconds as the ISO text a client sends, `Z` for UTC.
fn iso(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap()
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn run_query(d: &Dataset, qs: &str) -> Result<(Vec<String>, usize), QueryError> {
    let q = parse_log_query(qs)?;
    select(d, &q).map(|(rows, total)| (rows.iter().map(|r| r.run_id.clone()).collect(), total))
}

#[test]
fn keyword_rules() {
    let d = data();
    let m = KeywordMatcher::new("ALPHA");
    let alpha = d
        .runs
        .iter()
        .filter(|r| m.matches(r, d.session_of(r)))
        .count();
    assert!(alpha > 0);
    // Only the first 30 characters count: a keyword that goes on past
    // 30 characters with text found nowhere still matches.
    let thirty = "generate SQL for monthly activ"; // 30 chars of a real query
    assert_eq!(thirty.chars().count(), 30);
    let (_, a) = run_query(&d, &format!("keyword={thirty}")).unwrap();
    let (_, b) = run_query(&d, &format!("keyword={thirty}-this-tail-is-ignored")).unwrap();
    assert!(a > 0);
    assert_eq!(a, b);
    let (_, none) = run_query(&d, "keyword=generate SQL for monthly XXXXX").unwrap();
    assert_eq!(none, 0, "a difference within 30 characters does count");
    // CJK never matches the escaped inputs/outputs (capture 13) although
    // the data holds Chinese queries.
    assert!(d.runs.iter().any(|r| r
        .inputs
        .iter()
        .any(|(_, v)| v.as_str().is_some_and(|s| s.contains('\u{4f60}')))));
    let (_, cjk) = run_query(&d, "keyword=%E4%BD%A0%E5%A5%BD").unwrap();
    assert_eq!(cjk, 0);
    // A UUID keyword finds its run (capture 12), also in brace form.
    let target = d.runs[17].run_id.clone();
    let (ids, total) = run_query(&d, &format!("keyword={target}")).unwrap();
    assert_eq!((ids, total), (vec![target.clone()], 1));
    let braced = format!("keyword=%7B{}%7D", target.to_uppercase());
    assert_eq!(run_query(&d, &braced).unwrap().1, 1);
    // Session ids match as substrings, for end users only.
    let (ids, total) = run_query(&d, "keyword=abc-123-sess").unwrap();
    assert!(total > 0);
    for id in ids {
        let r = d.find_run(&id).unwrap();
        assert!(
            d.session_of(r) == Some("abc-123-session") || r.inputs_text.contains("abc-123-sess")
        );
    }
    // `%` and `_` match only themselves (Dify 1.16.1 escapes them).
    assert!(!KeywordMatcher::new("us_r-al%e").ilike("user-alice"));
    assert!(KeywordMatcher::new("US_R-AL%E").ilike("us_r-al%e"));
    assert!(KeywordMatcher::new("_id").ilike("sys.user_id"));
    assert!(!KeywordMatcher::new("_id").ilike("sys.user-id"));
    let with_percent = d
        .runs
        .iter()
        .filter(|r| r.inputs_text.contains('%') || r.outputs_text.contains('%'))
        .count();
    assert!(with_percent > 0 && with_percent < 1000, "{with_percent}");
    assert_eq!(run_query(&d, "keyword=%25").unwrap().1, with_percent);
}

#[test]
fn shuffling_reorders_only_within_a_second() {
    let d = data();
    let all = parse_log_query("limit=100").unwrap();
    let ids = |runs: &[&Run]| runs.iter().map(|r| r.run_id.clone()).collect::<Vec<_>>();
    let (plain, _) = select(&d, &all).unwrap();
    let mut crossed = false;
    for seed in 0..8 {
        let (shuffled, total) = select_in(&d, &[], &all, Some(seed)).unwrap();
        assert_eq!(total, 1000);
        // Each row keeps its second; only runs of one second trade places.
        for (a, b) in plain.iter().zip(&shuffled) {
            assert_eq!(a.log_created_at, b.log_created_at);
        }
        // Rows 100 and 101 share a second, so the first page of 100 can
        // end with either: the page boundary is not stable.
        let (a, b) = (ids(&plain), ids(&shuffled));
        let missing: Vec<_> = a.iter().filter(|id| !b.contains(id)).collect();
        assert!(missing.len() <= 1, "{missing:?}");
        crossed |= missing.len() == 1;
        // The same seed, the same order.
        let (again, _) = select_in(&d, &[], &all, Some(seed)).unwrap();
        assert_eq!(ids(&again), b);
    }
    assert!(crossed, "no seed moved the run at the page boundary");
}

#[test]
fn filters_and_paging() {
    let d = data();
    let (_, total) = run_query(&d, "").unwrap();
    assert_eq!(total, 1000);
    let (p1, _) = run_query(&d, "limit=100").unwrap();
    let (p2, _) = run_query(&d, "limit=10&page=2").unwrap();
    assert_eq!(p2, p1[10..20].to_vec());
    let (last, _) = run_query(&d, "limit=100&page=10").unwrap();
    assert_eq!(last.len(), 100);
    let (none, total) = run_query(&d, "limit=100&page=11").unwrap();
    assert!(none.is_empty());
    assert_eq!(total, 1000);
    for s in [Status::Succeeded, Status::Failed, Status::Stopped] {
        let (_, t) = run_query(&d, &format!("status={}", s.as_str())).unwrap();
        assert_eq!(t, d.runs.iter().filter(|r| r.status == s).count());
    }
    // Both bounds inclusive: a bound at a run's second takes it in from
    // either side; a fraction past that second leaves it out of `after`.
    let r500 = &d.runs[500];
    let (_, after) = run_query(
        &d,
        &format!("created_at__after={}", iso(r500.log_created_at)),
    )
    .unwrap();
    let (_, before) = run_query(
        &d,
        &format!("created_at__before={}", iso(r500.log_created_at)),
    )
    .unwrap();
    let same = d
        .runs
        .iter()
        .filter(|r| r.log_created_at == r500.log_created_at)
        .count();
    assert_eq!(after + before, 1000 + same);
    let late = format!("{}.5Z", iso(r500.log_created_at).trim_end_matches('Z'));
    let (ids, _) = run_query(&d, &format!("created_at__after={late}&limit=100")).unwrap();
    assert!(!ids.contains(&r500.run_id));
    // Session and account filters.
    let (_, t) = run_query(&d, "created_by_end_user_session_id=user-alice").unwrap();
    assert_eq!(
        t,
        d.runs
            .iter()
            .filter(|r| d.session_of(r) == Some("user-alice"))
            .count()
    );
    let (_, t) = run_query(&d, "created_by_end_user_session_id=user-ali").unwrap();
    assert_eq!(t, 0, "session id is an exact match");
    let (_, t) = run_query(&d, "created_by_account=admin@example.com").unwrap();
    assert!(t > 0);
    assert_eq!(
        run_query(&d, "created_by_account=nobody@example.com"),
        Err(QueryError::Invalid(
            "Account not found: nobody@example.com".into()
        ))
    );
    assert_eq!(
        run_query(
            &d,
            "keyword=alpha&created_by_end_user_session_id=user-alice"
        ),
        Err(QueryError::Internal)
    );
}

/// Dify stores log times in whole seconds and compares them with both
/// bounds inclusively: rows 500 and 501 (newest first) share a second, so a
/// `created_at__before` bound at it takes in both and every older run.
#[test]
fn a_before_bound_takes_in_every_run_of_its_second() {
    let d = data();
    let second = d.runs[500].log_created_at;
    assert_eq!(d.runs[499].log_created_at, second);
    assert_ne!(d.runs[498].log_created_at, second);
    let (ids, total) =
        run_query(&d, &format!("created_at__before={}&limit=100", iso(second))).unwrap();
    assert_eq!(total, 501);
    assert_eq!(
        ids[..2],
        [d.runs[499].run_id.clone(), d.runs[500].run_id.clone()]
    );
}

/// `created_at__after` = `created_at__before` = one second lists every run
/// of that second.
#[test]
fn after_equal_to_before_lists_the_whole_second() {
    let d = data();
    let second = d.runs[500].log_created_at;
    let at = iso(second);
    let (mut ids, total) = run_query(
        &d,
        &format!("created_at__after={at}&created_at__before={at}"),
    )
    .unwrap();
    assert_eq!(total, 2);
    ids.sort();
    let mut want = vec![d.runs[499].run_id.clone(), d.runs[500].run_id.clone()];
    want.sort();
    assert_eq!(ids, want);
}
