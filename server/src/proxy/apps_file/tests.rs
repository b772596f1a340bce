//! Reading the apps file: what it accepts, and a message naming the file's
//! app and field for each thing it refuses.

use super::*;

const KEY_A: &str = "app-key-a-0001";

fn env(var: &str) -> Option<String> {
    match var {
        "KEY_A" => Some(KEY_A.into()),
        "KEY_B" => Some("app-key-b-0002".into()),
        "BLANK" => Some("  ".into()),
        _ => None,
    }
}

fn parse(text: &str) -> Result<Vec<AppConfig>, String> {
    parse_apps(text, Path::new("/etc/dify/apps.toml"), &env)
}

/// The error for `text`, which must be refused.
fn refused(text: &str) -> String {
    match parse(text) {
        Ok(apps) => panic!("accepted {} apps from:\n{text}", apps.len()),
        Err(e) => e,
    }
}

fn app(slug: &str, rest: &str) -> String {
    format!("[[app]]\nslug = \"{slug}\"\nlabel = \"L {slug}\"\nupstream = \"https://dify.example/v1\"\n{rest}\n")
}

#[test]
fn two_apps_with_keys_from_env_and_file() {
    let dir = std::env::temp_dir().join(format!("dify-apps-file-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("keys")).unwrap();
    std::fs::write(dir.join("keys/b"), "app-from-file\n").unwrap();
    let text = format!(
        "{}{}",
        app("support", "key_env = \"KEY_A\""),
        "[[app]]\nslug = \"sales-2\"\nlabel = \" Sales \"\nupstream = \"http://10.0.0.5:5001/v1/\"\nkey_file = \"keys/b\"\n"
    );
    let apps = parse_apps(&text, &dir.join("apps.toml"), &env).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(apps.len(), 2);
    assert_eq!((apps[0].slug(), apps[0].label()), ("support", "L support"));
    assert_eq!(apps[0].key().expose_secret(), KEY_A);
    assert_eq!(apps[0].upstream().as_str(), "https://dify.example/v1");
    assert_eq!((apps[1].slug(), apps[1].label()), ("sales-2", "Sales"));
    // A relative key_file is found next to the apps file.
    assert_eq!(apps[1].key().expose_secret(), "app-from-file");
    assert_eq!(apps[1].upstream().as_str(), "http://10.0.0.5:5001/v1");
    // The key never shows in a debug print.
    assert!(!format!("{apps:?}").contains(KEY_A));
}

#[test]
fn each_refusal_names_the_app_and_the_field() {
    let ok = app("a", "key_env = \"KEY_A\"");
    let cases: Vec<(String, &[&str])> = vec![
        (
            format!("{ok}{}", app("a", "key_env = \"KEY_B\"")),
            &["apps 1 and 2", "same slug \"a\""],
        ),
        (app("Sales", "key_env = \"KEY_A\""), &["app 1 (\"Sales\")", "slug", "a-z"]),
        (app("", "key_env = \"KEY_A\""), &["app 1", "slug is empty"]),
        (app(&"x".repeat(41), "key_env = \"KEY_A\""), &["longer than 40"]),
        (
            "[[app]]\nslug = \"a\"\nupstream = \"https://d/v1\"\nkey_env = \"KEY_A\"\n".into(),
            &["app 1 (\"a\")", "label is missing"],
        ),
        (
            "[[app]]\nslug = \"a\"\nlabel = \"  \"\nupstream = \"https://d/v1\"\nkey_env = \"KEY_A\"\n".into(),
            &["label is empty"],
        ),
        (
            "[[app]]\nlabel = \"A\"\nupstream = \"https://d/v1\"\nkey_env = \"KEY_A\"\n".into(),
            &["app 1:", "slug is missing"],
        ),
        (
            "[[app]]\nslug = \"a\"\nlabel = \"A\"\nkey_env = \"KEY_A\"\n".into(),
            &["upstream is missing"],
        ),
        (
            ok.replace("https://dify.example/v1", "ftp://dify.example/v1"),
            &["app 1 (\"a\")", "upstream \"ftp://dify.example/v1\"", "http and https"],
        ),
        (
            ok.replace("https://dify.example/v1", "not a url"),
            &["upstream \"not a url\" is not a URL"],
        ),
        (
            ok.replace("https://dify", "https://user:pw@dify"),
            &["credentials", "key_env or key_file"],
        ),
        (app("a", "key_env = \"UNSET\""), &["key_env UNSET is not set"]),
        (app("a", "key_env = \"BLANK\""), &["key_env BLANK is empty"]),
        (app("a", "key_env = \"\""), &["key_env is empty"]),
        (
            app("a", "key_file = \"/nonexistent/dify-key\""),
            &["key_file /nonexistent/dify-key: cannot read it"],
        ),
        (
            app("a", "key_env = \"KEY_A\"\nkey_file = \"k\""),
            &["both key_env and key_file"],
        ),
        (app("a", ""), &["has no key", "key_env", "key_file"]),
        (
            app("a", "key = \"app-in-the-file\""),
            &["has a key field", "never written in the apps file"],
        ),
        (app("a", "key_env = \"KEY_A\"\nlable = \"x\""), &["not a valid apps file", "lable"]),
        ("[[app]\nslug = ".into(), &["not a valid apps file"]),
        ("apps = []".into(), &["not a valid apps file", "apps"]),
        ("".into(), &["lists no app", "[[app]]"]),
        (app("a", "key_env = 5"), &["not a valid apps file"]),
    ];
    for (text, needles) in cases {
        let err = refused(&text);
        for n in needles {
            assert!(err.contains(n), "{n:?} not in {err:?} for\n{text}");
        }
        assert!(!err.contains(KEY_A), "{err}");
        assert!(!err.contains("app-in-the-file"), "{err}");
    }
}

#[test]
fn an_empty_key_file_is_refused() {
    let dir = std::env::temp_dir().join(format!("dify-apps-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("k"), "\n").unwrap();
    let err = parse_apps(&app("a", "key_file = \"k\""), &dir.join("apps.toml"), &env).unwrap_err();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        err.contains("app 1 (\"a\"): key_file") && err.contains("empty"),
        "{err}"
    );
}

#[test]
fn the_file_itself_must_be_readable() {
    let err = load_apps_file(Path::new("/nonexistent/apps.toml"), &env).unwrap_err();
    assert!(
        err.starts_with("--apps-file /nonexistent/apps.toml: cannot read it"),
        "{err}"
    );
    let err = load_apps_file(Path::new("/"), &env).unwrap_err();
    assert!(err.starts_with("--apps-file /: cannot read it"), "{err}");
}
