/* msg.c - see msg.h.  The catalogue: one line a code, Vietnamese first. */
#include "util/msg.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/sb.h"

#include "util/banned.h"

struct msg {
	const char *code;
	const char *text[LANG__MAX];
};

static const struct msg catalogue[] = {
	/* Whole-request outcomes (struct cb_error.mcode). */
	{ "validation_failed",
	    { "Dữ liệu không hợp lệ; xem lỗi của từng trường.",
	        "The data is not valid; see the error of each field." } },
	{ "invalid",
	    { "Yêu cầu không hợp lệ.", "The request is not valid." } },
	{ "not_found", { "Không tìm thấy.", "Not found." } },
	{ "member_not_found",
	    { "Không tìm thấy đảng viên.", "No such Party member." } },
	{ "org_not_found",
	    { "Không tìm thấy tổ chức đảng.",
	        "No such Party organisation." } },
	{ "meeting_not_found",
	    { "Không tìm thấy cuộc họp.", "No such meeting." } },
	/* Discipline cases (issue 14; svc/discipline.c). */
	{ "discipline_case_not_found",
	    { "Không tìm thấy vụ việc kỷ luật.",
	        "No such discipline case." } },
	{ "discipline_refused",
	    { "Vụ việc kỷ luật không đúng quy định; xem lỗi của từng trường.",
	        "The discipline case breaks the rules; see the error of each field." } },
	{ "field_not_for_subject",
	    { "Trường này không dùng khi đối tượng kỷ luật là %s.",
	        "This field is not used when the subject of the case is %s." } },
	{ "body_not_of_org",
	    { "Cơ quan quyết định không phù hợp với loại tổ chức đảng (%s).",
	        "The deciding body does not fit the kind of the deciding organisation (%s)." } },
	{ "audit_discipline_view",
	    { "Xem vụ việc kỷ luật", "Viewed a discipline case" } },
	{ "audit_discipline_create",
	    { "Ghi vụ việc kỷ luật", "Recorded a discipline case" } },
	{ "audit_discipline_update",
	    { "Sửa vụ việc kỷ luật", "Changed a discipline case" } },
	{ "audit_discipline_complaint",
	    { "Ghi khiếu nại kỷ luật",
	        "Recorded a complaint against discipline" } },
	{ "audit_discipline_delete",
	    { "Xóa vụ việc kỷ luật", "Deleted a discipline case" } },
	{ "audit_discipline_notice",
	    { "Ghi thông báo kỷ luật của cơ quan nhà nước",
	        "Recorded a state body's notice of discipline" } },
	/* Evaluation periods and evaluations (issue 15; svc/evaluation.c). */
	{ "period_not_found",
	    { "Không tìm thấy kỳ đánh giá.", "No such evaluation period." } },
	{ "evaluation_not_found",
	    { "Không tìm thấy bản đánh giá.", "No such evaluation." } },
	{ "period_locked",
	    { "Kỳ đánh giá đã khóa: kết quả là chính thức, không sửa được.",
	        "The evaluation period is locked: its results are final." } },
	{ "evaluations_undecided",
	    { "Còn %s bản đánh giá chưa được cấp có thẩm quyền quyết định "
	      "xếp loại: chưa khóa kỳ được.",
	        "%s evaluations are not decided yet: the period cannot be "
	        "locked." } },
	{ "excellent_cap_exceeded",
	    { "Số được xếp loại hoàn thành xuất sắc nhiệm vụ vượt tỷ lệ cho "
	      "phép: chưa khóa kỳ được.",
	        "More members are rated excellent than the cap allows: the "
	        "period cannot be locked." } },
	{ "excellent_cap_exceeded_given",
	    { "%g: %s đảng viên hoàn thành xuất sắc nhiệm vụ, vượt số cho "
	      "phép.",
	        "%g: %s members rated excellent, above the number allowed." } },
	{ "subject_outside_period",
	    { "Đối tượng không thuộc tổ chức đảng của kỳ đánh giá.",
	        "The subject is outside the organisation of the period." } },
	{ "date_outside_year",
	    { "Kỳ đánh giá năm hoặc quý phải kết thúc trong năm %s và bắt "
	      "đầu không sớm hơn năm trước đó.",
	        "A year's or a quarter's period must end in %s and begin no "
	        "earlier than the year before." } },
	{ "subject_one_of",
	    { "Chỉ ghi đảng viên (member_id) hoặc tổ chức đảng (org_id), "
	      "không ghi cả hai.",
	        "Give member_id or org_id, not both." } },
	{ "field_not_for_kind",
	    { "Trường này không dùng cho kỳ đánh giá loại %s.",
	        "This field is not used by a period of kind %s." } },
	{ "score_precision",
	    { "Điểm ghi tối đa một chữ số thập phân.",
	        "A score has at most one decimal." } },
	{ "score_not_sum",
	    { "Điểm phải bằng tổng điểm các tiêu chí.",
	        "The score must be the sum of the criteria's points." } },
	{ "score_not_sum_given",
	    { "Điểm phải bằng tổng điểm các tiêu chí (%g).",
	        "The score must be the sum of the criteria's points (%g)." } },
	{ "evaluation_proposed",
	    { "Chi bộ đã đề xuất mức xếp loại: bản tự đánh giá không sửa "
	      "được nữa.",
	        "A level has been proposed: the self-assessment can no longer "
	        "change." } },
	{ "evaluation_decided",
	    { "Cấp có thẩm quyền đã quyết định xếp loại.",
	        "The level has already been decided." } },
	{ "reason_required_given",
	    { "Quyết định mức khác mức tính theo quy định (%g) phải ghi lý "
	      "do.",
	        "A level other than the one the rules allow (%g) needs a "
	        "written reason." } },
	{ "audit_evaluation_period_create",
	    { "Mở kỳ đánh giá, xếp loại", "Opened an evaluation period" } },
	{ "audit_evaluation_period_update",
	    { "Sửa kỳ đánh giá, xếp loại", "Changed an evaluation period" } },
	{ "audit_evaluation_period_lock",
	    { "Khóa kỳ đánh giá, xếp loại", "Locked an evaluation period" } },
	{ "audit_evaluation_create",
	    { "Ghi bản đánh giá", "Recorded an evaluation" } },
	{ "audit_evaluation_update",
	    { "Sửa bản tự đánh giá", "Changed a self-assessment" } },
	{ "audit_evaluation_propose",
	    { "Đề xuất mức xếp loại", "Proposed a level" } },
	{ "audit_evaluation_decide",
	    { "Quyết định xếp loại", "Decided a level" } },
	{ "audit_evaluation_comment",
	    { "Góp ý bản tự đánh giá", "Commented on an evaluation" } },
	{ "audit_evaluation_delete",
	    { "Xóa bản đánh giá ghi nhầm", "Deleted an evaluation" } },
	{ "route_not_found",
	    { "Không có địa chỉ này trong API.",
	        "There is no such address in the API." } },
	{ "invalid_path",
	    { "Địa chỉ chứa ký tự không được phép.",
	        "The address holds characters that are not allowed." } },
	{ "method_not_allowed",
	    { "Địa chỉ này không nhận phương thức %s.",
	        "This address does not accept method %s." } },
	{ "conflict",
	    { "Xung đột với dữ liệu đã có.",
	        "Conflicts with existing data." } },
	{ "duplicate",
	    { "Đã có bản ghi khác với giá trị này.",
	        "Another record already has this value." } },
	{ "if_match_required",
	    { "Thiếu phiên bản (If-Match) của bản ghi cần sửa; hãy tải lại rồi sửa.",
	        "Say which version you change (If-Match); reload the record and edit again." } },
	{ "precondition_failed",
	    { "Bản ghi đã bị người khác thay đổi; hãy tải lại rồi sửa tiếp.",
	        "The record was changed by someone else; reload it and edit again." } },
	{ "forbidden", { "Không có quyền thực hiện.", "Not allowed." } },
	{ "forbidden_write",
	    { "Không có quyền thực hiện thao tác này.",
	        "You are not allowed to do this." } },
	{ "not_signed_in",
	    { "Chưa đăng nhập, hoặc phiên đăng nhập đã hết hạn; hãy đăng nhập lại.",
	        "Not signed in, or the session has expired; sign in again." } },
	{ "bad_credentials",
	    { "Tên đăng nhập hoặc mật khẩu không đúng.",
	        "Wrong user name or password." } },
	{ "too_many_attempts",
	    { "Đăng nhập sai quá nhiều lần; hãy thử lại sau %s giây.",
	        "Too many failed sign-ins; try again in %s seconds." } },
	{ "csrf_failed",
	    { "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token); hãy tải lại trang rồi thử lại.",
	        "The anti-forgery token (X-CSRF-Token) is missing or wrong; reload the page and try again." } },
	{ "not_a_session",
	    { "Yêu cầu này không dùng phiên đăng nhập; mã API được thu hồi bằng lệnh 'chibo token revoke'.",
	        "This request does not use a session; API tokens are revoked with 'chibo token revoke'." } },
	{ "user_not_found", { "Không có tài khoản %s.", "No account %s." } },
	{ "token_not_found",
	    { "Không có mã API này.", "No such API token." } },
	{ "invalid_username",
	    { "Tên đăng nhập gồm 2 đến 40 ký tự a-z, 0-9, dấu chấm, gạch dưới hoặc gạch nối, bắt đầu bằng chữ hoặc số.",
	        "A user name has 2 to 40 characters a-z, 0-9, dot, underscore or hyphen, starting with a letter or digit." } },
	{ "password_too_short",
	    { "Mật khẩu phải có ít nhất %s ký tự.",
	        "The password must have at least %s characters." } },
	{ "storage_error",
	    { "Lỗi cơ sở dữ liệu; chưa có gì bị thay đổi.",
	        "Database error; nothing was changed." } },
	{ "audit_unavailable",
	    { "Chưa ghi được nhật ký xem hồ sơ; hồ sơ chưa được hiển thị."
	      " Vui lòng thử lại sau giây lát.",
	        "The dossier view could not be recorded in the audit trail,"
	        " so the dossier is not shown. Try again in a moment." } },
	{ "io_error",
	    { "Lỗi đọc hoặc ghi tệp: %s",
	        "Cannot read or write a file: %s" } },
	{ "too_big", { "Dữ liệu quá lớn.", "The data is too large." } },
	/* The configuration file (util/config.c); %s is "FILE:LINE: KEY". */
	{ "config_syntax",
	    { "%s: mỗi dòng phải có dạng KHOÁ=giá trị, hoặc là chú thích bắt đầu bằng #.",
	        "%s: a line is KEY=value, or a comment starting with #." } },
	{ "config_unknown_key",
	    { "%s: chibo không có thiết lập này (các khoá: chibo --help).",
	        "%s: chibo has no such setting (the keys: chibo --help)." } },
	{ "config_duplicate_key",
	    { "%s: thiết lập này đã có ở một dòng trước.",
	        "%s: this setting is already given on an earlier line." } },
	{ "config_bad_value",
	    { "%s: giá trị không hợp lệ.", "%s: the value is not valid." } },
	{ "config_cannot_read",
	    { "Không đọc được tệp cấu hình %s.",
	        "Cannot read the configuration file %s." } },
	{ "config_expect_text",
	    { "cần một giá trị, không để trống",
	        "needs a value, not empty" } },
	{ "config_expect_bool", { "cần 0 hoặc 1", "needs 0 or 1" } },
	{ "config_expect_int",
	    { "cần một số nguyên trong khoảng %s",
	        "needs a whole number in %s" } },
	{ "config_expect_number",
	    { "cần một số trong khoảng %s", "needs a number in %s" } },
	{ "config_expect_date",
	    { "cần một ngày dạng YYYY-MM-DD", "needs a date, YYYY-MM-DD" } },
	{ "config_expect_listen",
	    { "cần ĐỊA_CHỈ:CỔNG, ví dụ 127.0.0.1:8080 hoặc [::1]:8080",
	        "needs ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080" } },
	{ "config_expect_lang", { "cần vi hoặc en", "needs vi or en" } },
	{ "listen_failed",
	    { "Không mở được địa chỉ để phục vụ: %s",
	        "Cannot listen on the address: %s" } },
	{ "body_too_large",
	    { "Nội dung yêu cầu quá lớn (tối đa %s byte).",
	        "The request body is too large (at most %s bytes)." } },
	{ "not_supported", { "Chưa hỗ trợ.", "Not supported." } },
	{ "out_of_memory",
	    { "Hết bộ nhớ; hãy thử lại.", "Out of memory; try again." } },
	{ "invalid_json",
	    { "Nội dung không phải JSON hợp lệ: %s",
	        "The body is not valid JSON: %s" } },
	{ "json_syntax",
	    { "JSON sai cú pháp (%s).", "JSON syntax error (%s)." } },
	{ "json_number_too_big",
	    { "Số quá lớn, vượt quá 64 bit (%s).",
	        "A number too large, past 64 bits (%s)." } },
	{ "json_nul",
	    { "Có ký tự NUL (\\u0000), không được phép (%s).",
	        "A NUL character (\\u0000), which is not allowed (%s)." } },
	{ "json_bad_unicode",
	    { "Mã Unicode không hợp lệ, ví dụ nửa cặp thay thế \\ud800 đứng một mình (%s).",
	        "An invalid Unicode escape, such as a lone surrogate \\ud800 (%s)." } },
	{ "json_control_character",
	    { "Có ký tự điều khiển chưa được thoát trong chuỗi (%s).",
	        "An unescaped control character in a string (%s)." } },
	{ "json_trailing_data",
	    { "Có dữ liệu thừa sau văn bản JSON (%s).",
	        "Data after the end of the JSON text (%s)." } },
	{ "json_truncated",
	    { "Văn bản JSON bị cắt ngang (%s).",
	        "The JSON text ends too early (%s)." } },
	{ "json_duplicate_key",
	    { "Khóa bị lặp lại (%s).", "A key given twice (%s)." } },
	{ "json_too_complex",
	    { "JSON quá phức tạp (%s).", "The JSON is too complex (%s)." } },
	{ "expected_object",
	    { "Nội dung phải là một đối tượng JSON.",
	        "The body must be a JSON object." } },
	{ "unsupported_media_type",
	    { "Kiểu nội dung phải là %s.", "The content type must be %s." } },
	{ "invalid_query",
	    { "Tham số truy vấn không hợp lệ.", "Invalid query parameter." } },
	{ "invalid_id", { "Mã số không hợp lệ.", "Invalid identifier." } },
	{ "invalid_if_match",
	    { "Tiêu đề If-Match không hợp lệ.", "Invalid If-Match header." } },
	{ "import_failed",
	    { "Không nhập được tệp; chưa có gì được ghi. Có %s lỗi.",
	        "The file was not imported; nothing was written. %s errors." } },
	{ "database_not_initialised",
	    { "Cơ sở dữ liệu chưa được khởi tạo; hãy chạy 'chibo init'.",
	        "The database is not initialised; run 'chibo init'." } },
	{ "database_too_new",
	    { "Cơ sở dữ liệu do phiên bản chibo mới hơn tạo ra.",
	        "The database was made by a newer chibo." } },
	{ "database_not_empty",
	    { "Cơ sở dữ liệu đã có dữ liệu.",
	        "The database already holds data." } },
	{ "demo_invalid",
	    { "Dữ liệu mẫu sinh ra không hợp lệ (lỗi của chibo): "
	      "%s",
	        "The generated demo data is not valid (a bug in chibo): "
	        "%s" } },
	{ "rulebook_invalid",
	    { "Bộ quy định không hợp lệ: %s",
	        "The rulebook is not valid: %s" } },
	{ "rule_not_found", { "Không có quy định %s.", "No rule %s." } },
	{ "rule_duplicate_id",
	    { "Quy định %s xuất hiện hai lần.", "Rule %s appears twice." } },
	{ "rule_no_version",
	    { "Quy định %s không có phiên bản nào.",
	        "Rule %s has no version." } },
	{ "rule_bad_dates",
	    { "Ngày hiệu lực không hợp lệ (từ %s).",
	        "Invalid effective dates (from %s)." } },
	{ "rule_no_citation",
	    { "Phiên bản từ %s không trích dẫn văn bản.",
	        "The version from %s cites no document." } },
	{ "rule_versions_overlap",
	    { "Các phiên bản chồng lên nhau (từ %s).",
	        "Versions overlap (from %s)." } },
	{ "rule_bad_value",
	    { "Giá trị không hợp lệ trong phiên bản từ %s.",
	        "Invalid value in the version from %s." } },
	{ "rule_no_schema",
	    { "Quy định %s không khai báo kiểu và khoảng giá trị (schema).",
	        "Rule %s declares no type and range of its values (schema)." } },
	{ "rule_schema_invalid",
	    { "Khai báo kiểu và khoảng của giá trị %s không hợp lệ.",
	        "The declared type and range of value %s are not valid." } },
	{ "rule_value_undeclared",
	    { "Giá trị %s không được khai báo trong schema của quy định.",
	        "Value %s is not declared in the rule's schema." } },
	{ "rule_value_missing",
	    { "Phiên bản thiếu giá trị %s mà schema khai báo.",
	        "The version lacks value %s, which the schema declares." } },
	{ "rule_value_range",
	    { "Phải là số nguyên trong khoảng %s.",
	        "Must be a whole number in %s." } },
	{ "rule_value_range_given",
	    { "Giá trị %g ngoài khoảng cho phép: phải là số nguyên trong khoảng %s.",
	        "Value %g is out of range: it must be a whole number in %s." } },
	{ "rule_value_range_month",
	    { "Phải là số tháng trong khoảng %s.",
	        "Must be a number of months in %s." } },
	{ "rule_value_range_month_given",
	    { "Giá trị %g ngoài khoảng cho phép: phải trong khoảng %s tháng.",
	        "Value %g is out of range: it must be in %s months." } },
	{ "rule_value_range_day",
	    { "Phải là số ngày trong khoảng %s.",
	        "Must be a number of days in %s." } },
	{ "rule_value_range_day_given",
	    { "Giá trị %g ngoài khoảng cho phép: phải trong khoảng %s ngày.",
	        "Value %g is out of range: it must be in %s days." } },
	{ "rule_value_range_digit",
	    { "Phải là số chữ số trong khoảng %s.",
	        "Must be a number of digits in %s." } },
	{ "rule_value_range_digit_given",
	    { "Giá trị %g ngoài khoảng cho phép: phải trong khoảng %s chữ số.",
	        "Value %g is out of range: it must be in %s digits." } },
	{ "rule_value_range_member",
	    { "Phải là số đảng viên trong khoảng %s.",
	        "Must be a number of members in %s." } },
	{ "rule_value_range_member_given",
	    { "Giá trị %g ngoài khoảng cho phép: phải trong khoảng %s đảng viên.",
	        "Value %g is out of range: it must be in %s members." } },
	{ "rule_value_range_year",
	    { "Phải là số tuổi trong khoảng %s.",
	        "Must be an age in years in %s." } },
	{ "rule_value_range_year_given",
	    { "Giá trị %g ngoài khoảng cho phép: phải trong khoảng %s tuổi.",
	        "Value %g is out of range: it must be in %s years." } },
	{ "rule_value_range_year_period",
	    { "Phải là số năm trong khoảng %s (0: không giới hạn).",
	        "Must be a number of years in %s (0: no limit)." } },
	{ "rule_value_range_year_period_given",
	    { "Giá trị %g ngoài khoảng cho phép: phải trong khoảng %s năm "
	      "(0: không giới hạn).",
	        "Value %g is out of range: it must be in %s years (0: no "
	        "limit)." } },
	{ "rule_value_below",
	    { "Không được nhỏ hơn %s.", "Cannot be less than %s." } },
	{ "rule_value_below_given",
	    { "Giá trị %g không được nhỏ hơn %s (0 nghĩa là không giới hạn).",
	        "Value %g cannot be less than %s (0 means no limit)." } },
	{ "rule_value_items",
	    { "Danh sách phải có số mục trong khoảng %s.",
	        "The list must have a number of items in %s." } },
	{ "rule_value_items_given",
	    { "Danh sách có %g mục; phải có số mục trong khoảng %s.",
	        "The list has %g items; it must have a number of items in %s." } },
	{ "rule_value_item_range",
	    { "Mỗi mục phải là số nguyên trong khoảng %s.",
	        "Each item must be a whole number in %s." } },
	{ "rule_value_item_range_given",
	    { "Mục «%g» không hợp lệ: mỗi mục phải là số nguyên trong khoảng %s.",
	        "Item «%g» is not valid: each item must be a whole number in %s." } },
	{ "rule_value_item_length",
	    { "Mỗi mục phải dài từ %s byte.",
	        "Each item must be %s bytes long." } },
	{ "rule_value_item_length_given",
	    { "Mục «%g» có độ dài không hợp lệ: mỗi mục phải dài từ %s byte.",
	        "Item «%g» has an invalid length: each item must be %s bytes long." } },
	{ "rule_value_length",
	    { "Phải dài từ %s byte.", "Must be %s bytes long." } },
	{ "rule_value_length_given",
	    { "Giá trị «%g» có độ dài không hợp lệ: phải dài từ %s byte.",
	        "Value «%g» has an invalid length: it must be %s bytes long." } },
	{ "rule_value_item_twice",
	    { "Một mục xuất hiện hai lần.", "An item appears twice." } },
	{ "rule_value_item_twice_given",
	    { "Mục «%g» xuất hiện hai lần.", "Item «%g» appears twice." } },
	{ "rule_value_item_order",
	    { "Các mục phải tăng dần (sau %s).",
	        "The items must be ascending (after %s)." } },
	{ "rule_value_item_order_given",
	    { "Các mục phải tăng dần: «%g» không lớn hơn %s.",
	        "The items must be ascending: «%g» is not greater than %s." } },
	{ "backup_exists",
	    { "Tệp %s đã có; bản sao lưu không ghi đè lên tệp nào.",
	        "File %s exists; a backup never overwrites a file." } },
	{ "backup_invalid",
	    { "Tệp %s không phải bản sao lưu của chibo.",
	        "File %s is not a chibo backup." } },
	{ "backup_failed",
	    { "Không sao lưu được: %s báo lỗi (xem thông báo của nó ở trên).",
	        "The backup failed: %s reported an error (see its message above)." } },
	{ "restore_failed",
	    { "Không khôi phục được: %s báo lỗi (xem thông báo của nó ở trên); cơ sở dữ liệu không bị thay đổi.",
	        "The restore failed: %s reported an error (see its message above); the database was not changed." } },
	{ "restore_not_empty",
	    { "Cơ sở dữ liệu đích đã có dữ liệu của chibo; chỉ khôi phục vào cơ sở dữ liệu mới hoặc trống (hoặc dùng --force để thay thế, sau khi dừng máy chủ).",
	        "The target database already holds chibo's data; restore only into a new or empty database (or use --force to replace it, with the server stopped)." } },
	{ "tool_missing",
	    { "Không tìm thấy chương trình %s (gói postgresql-client).",
	        "Program %s was not found (package postgresql-client)." } },
	{ "db_open_failed",
	    { "Không mở được cơ sở dữ liệu %s.",
	        "Cannot open the database %s." } },
	{ "stats_not_built",
	    { "Số liệu tổng hợp chưa được tính; hãy thử lại.",
	        "The figures have not been computed yet; try again." } },
	{ "stats_rule_invalid",
	    { "Quy định %s (nhóm tuổi) không dùng được: cần từ 1 đến 7 mốc tuổi tăng dần.",
	        "Rule %s (age bands) cannot be used: it needs 1 to 7 ages in ascending order." } },

	/* Field errors (struct cb_ferr.code). */
	{ "required", { "Cần nhập trường này.", "This field is required." } },
	{ "unknown_field",
	    { "Trường không được biết đến.", "Unknown field." } },
	{ "read_only",
	    { "Trường này không sửa được.",
	        "This field cannot be changed." } },
	{ "wrong_type",
	    { "Sai kiểu dữ liệu (cần %s).", "Wrong type (expected %s)." } },
	{ "invalid_utf8",
	    { "Văn bản không phải UTF-8 hợp lệ.",
	        "The text is not valid UTF-8." } },
	{ "invalid_text",
	    { "Văn bản có ký tự không được phép.",
	        "The text contains characters that are not allowed." } },
	{ "control_character",
	    { "Có ký tự điều khiển hoặc ký tự đổi hướng văn bản (%s); không được phép.",
	        "Holds a control or bidirectional formatting character (%s), which is not allowed." } },
	{ "control_character_given",
	    { "Có ký tự điều khiển hoặc ký tự đổi hướng văn bản (%s) ở vị trí %g; không được phép.",
	        "A control or bidirectional formatting character (%s) at position %g is not allowed." } },
	{ "too_long",
	    { "Quá dài (tối đa %s ký tự).",
	        "Too long (at most %s characters)." } },
	{ "invalid_value",
	    { "Giá trị không hợp lệ: %s.", "Invalid value: %s." } },
	{ "invalid_value_given",
	    { "Giá trị «%g» không hợp lệ; chọn một trong: %s.",
	        "The value «%g» is not valid; choose one of: %s." } },
	{ "invalid_number",
	    { "Không phải số hợp lệ.", "Not a valid number." } },
	{ "invalid_date",
	    { "Ngày không hợp lệ: %s (cần ngày có thật, dạng yyyy-mm-dd hoặc dd/mm/yyyy).",
	        "Invalid date: %s (a real date, yyyy-mm-dd or dd/mm/yyyy)." } },
	{ "date_in_future",
	    { "Ngày không được sau ngày hôm nay (%s).",
	        "The date cannot be after today (%s)." } },
	/* date_before: earlier than the other date (the same day is
	 * allowed); date_not_after: the same day, where it must be later. */
	{ "date_before",
	    { "Ngày không được trước %f.", "The date cannot be before %f." } },
	{ "date_not_after",
	    { "Ngày phải sau %f.", "The date must be after %f." } },
	{ "invalid_datetime",
	    { "Thời điểm không hợp lệ: %s (cần dạng yyyy-mm-ddThh:mm+07:00, có múi giờ).",
	        "Invalid date-time: %s (yyyy-mm-ddThh:mm+07:00, with its offset)." } },
	{ "invalid_month",
	    { "Tháng không hợp lệ: %s (cần dạng yyyy-mm, ví dụ 2026-03).",
	        "Invalid month: %s (yyyy-mm, for example 2026-03)." } },
	{ "time_before",
	    { "Thời điểm phải sau %f.", "The time must be after %f." } },
	{ "online_reason_required",
	    { "Họp trực tuyến phải ghi rõ lý do: quá nửa số đảng viên (không tính người được miễn hoặc đình chỉ sinh hoạt) không thể họp tập trung.",
	        "An online meeting must record its reason: more than half of the members (not counting exempted or suspended ones) cannot meet in one place." } },
	{ "topic_required",
	    { "Sinh hoạt chuyên đề phải có chuyên đề.",
	        "A thematic meeting must have a topic." } },
	{ "org_cannot_meet",
	    { "Tổ chức loại «%s» không tổ chức sinh hoạt chi bộ.",
	        "An organisation of kind «%s» does not hold cell meetings." } },
	{ "not_a_member_of_org",
	    { "Người này không phải đảng viên của tổ chức.",
	        "This person is not a member of the organisation." } },
	{ "meeting_cancelled",
	    { "Cuộc họp đã hủy, không sửa được.",
	        "The meeting was cancelled; it cannot be changed." } },
	{ "use_cancel",
	    { "Hủy cuộc họp bằng thao tác Hủy, có ghi lý do.",
	        "Cancel a meeting with the cancel action, giving its reason." } },
	{ "meeting_not_planned",
	    { "Chỉ hủy được cuộc họp chưa diễn ra (trạng thái hiện tại: %s).",
	        "Only a planned meeting can be cancelled (it is %s)." } },
	{ "not_on_roll",
	    { "Đảng viên này không có trong danh sách của cuộc họp.",
	        "This member is not on the meeting's roll." } },
	{ "already_on_roll",
	    { "Đảng viên này đã có trong danh sách của cuộc họp.",
	        "This member is already on the meeting's roll." } },
	{ "reason_required",
	    { "Vắng có lý do phải ghi lý do.",
	        "An excused absence must give its reason." } },
	/* Inspections and supervisions (issue 14, wt-insp). */
	{ "inspection_not_found",
	    { "Không tìm thấy cuộc kiểm tra, giám sát.",
	        "No such inspection or supervision." } },
	{ "recommendation_not_found",
	    { "Không tìm thấy kiến nghị của cuộc kiểm tra, giám sát.",
	        "No such recommendation of the inspection." } },
	{ "attachment_not_found",
	    { "Không tìm thấy tài liệu đính kèm.", "No such attachment." } },
	{ "subject_required",
	    { "Phải ghi đối tượng: một tổ chức đảng hoặc một đảng viên.",
	        "Name the subject: a Party organisation or a member." } },
	{ "subject_conflict",
	    { "Chỉ ghi một đối tượng: tổ chức đảng hoặc đảng viên, không cả hai.",
	        "Name one subject: an organisation or a member, not both." } },
	{ "self_subject_mismatch",
	    { "Tự kiểm tra, giám sát là của chính tổ chức đảng: đối tượng là tổ chức tiến hành và hình thức là «self».",
	        "A self-inspection is the organisation's own: its subject is the conducting organisation and its form is «self»." } },
	{ "body_not_for_org",
	    { "Tổ chức loại «%s» không có chủ thể kiểm tra, giám sát này "
	      "(ủy ban kiểm tra có từ đảng ủy cơ sở trở lên; chi bộ kiểm tra, "
	      "giám sát đảng viên của chi bộ).",
	        "An organisation of kind «%s» has no such conducting body "
	        "(inspection commissions exist from the grassroots committee "
	        "up; a cell inspects its own members)." } },
	{ "content_code_invalid",
	    { "Mã nội dung kiểm tra, giám sát không hợp lệ: %s.",
	        "Not a content code of inspections: %s." } },
	{ "content_codes_too_many",
	    { "Quá nhiều nội dung (tối đa %s).",
	        "Too many contents (at most %s)." } },
	{ "content_code_duplicate",
	    { "Nội dung này đã ghi: %s.",
	        "This content is given twice: %s." } },
	/* A meeting's materials, QR check-in, sign-in sheet (wt-mmat). */
	{ "material_not_found",
	    { "Không tìm thấy tài liệu của cuộc họp.",
	        "No such material of the meeting." } },
	{ "material_too_large",
	    { "Tệp tài liệu quá lớn (tối đa %s byte).",
	        "The material's file is too large (at most %s bytes)." } },
	{ "unsupported_material_type",
	    { "Loại tệp không được nhận (theo nội dung tệp); chỉ nhận: %s.",
	        "This kind of file is not taken (judged by its content); "
	        "only: %s." } },
	{ "invalid_file_name",
	    { "Tên tệp không hợp lệ.", "Invalid file name." } },
	{ "invalid_multipart",
	    { "Biểu mẫu tải tệp (multipart/form-data) không đọc được.",
	        "The upload form (multipart/form-data) cannot be read." } },
	{ "duplicate_field",
	    { "Trường này được gửi nhiều lần.",
	        "This field was sent twice." } },
	{ "checkin_code_invalid",
	    { "Mã điểm danh không hợp lệ.", "Invalid check-in code." } },
	{ "checkin_code_other_meeting",
	    { "Mã điểm danh là của cuộc họp khác.",
	        "The check-in code is another meeting's." } },
	{ "checkin_code_expired",
	    { "Mã điểm danh đã hết hạn; hãy quét mã mới.",
	        "The check-in code has expired; scan the new one." } },
	{ "meeting_not_open",
	    { "Cuộc họp không mở điểm danh lúc này (mở trong khoảng %s).",
	        "The meeting is not open for check-in now (open %s)." } },
	{ "meeting_cancelled",
	    { "Cuộc họp đã bị hủy.", "The meeting was cancelled." } },
	{ "checkin_not_a_member",
	    { "Tài khoản này không gắn với đảng viên nào nên không điểm danh "
	      "được.",
	        "This account is no member's, so it cannot check in." } },
	{ "member_unidentified",
	    { "Dòng không cho biết đảng viên: cần mã đảng viên, số thẻ, hoặc "
	      "họ tên và ngày sinh.",
	        "The row does not say which member: a member id, a card "
	        "number, or the name and birth date." } },
	{ "member_ambiguous",
	    { "Có nhiều đảng viên khớp với dòng này.",
	        "Several members match this row." } },
	{ "duplicate_member",
	    { "Đảng viên này đã có ở một dòng trước.",
	        "This member is on an earlier row already." } },
	{ "column_missing",
	    { "Bảng thiếu cột này.", "The sheet lacks this column." } },
	{ "invalid_sheet",
	    { "Bảng điểm danh không dùng được.",
	        "The sign-in sheet cannot be used." } },
	{ "no_rows", { "Bảng không có dòng nào.", "The sheet has no rows." } },
	{ "audit_meeting_material_add",
	    { "Đưa tài liệu cuộc họp lên", "Added a meeting material" } },
	{ "audit_meeting_material_delete",
	    { "Xóa tài liệu cuộc họp", "Deleted a meeting material" } },
	{ "audit_meeting_checkin",
	    { "Điểm danh bằng mã QR", "Checked in with the QR code" } },
	{ "audit_meeting_attendance_import",
	    { "Nhập bảng điểm danh giấy", "Imported a paper sign-in sheet" } },
	{ "online_only",
	    { "Chỉ ghi giờ vào, giờ rời với cuộc họp trực tuyến.",
	        "Join and leave times are recorded for online meetings only." } },
	{ "date_after",
	    { "Ngày không được sau %f.", "The date cannot be after %f." } },
	{ "invalid_name",
	    { "Họ tên chỉ gồm chữ cái, dấu cách, dấu nháy và gạch nối.",
	        "A name holds only letters, spaces, apostrophes and hyphens." } },
	{ "invalid_code",
	    { "Mã chỉ gồm chữ, số và . _ - / (tối đa 40 ký tự).",
	        "A code holds only letters, digits and . _ - / (at most 40 characters)." } },
	{ "invalid_phone",
	    { "Số điện thoại không hợp lệ.", "Invalid phone number." } },
	{ "invalid_email",
	    { "Địa chỉ email không hợp lệ.", "Invalid e-mail address." } },
	{ "invalid_citizen_id",
	    { "Số căn cước công dân phải gồm đúng %s chữ số.",
	        "The citizen ID must be exactly %s digits." } },
	{ "unknown_ethnicity",
	    { "Không có dân tộc \"%s\" trong danh mục 54 dân tộc.",
	        "\"%s\" is not one of the 54 listed ethnic groups." } },
	{ "rule_not_overridable",
	    { "Danh mục %s áp dụng chung toàn quốc: thay đổi bằng phiên bản mới của bộ quy định, không ghi đè cho từng tổ chức.",
	        "List %s applies nationwide: change it by a new version of the rulebook, not by an override for one organisation." } },
	{ "not_in_list",
	    { "Giá trị \"%s\" không có trong danh mục; hãy chọn một giá trị trong danh mục.",
	        "\"%s\" is not in the reference list; choose a listed value." } },
	{ "admission_age_too_low",
	    { "Người được kết nạp phải đủ %s tuổi (tính theo tháng).",
	        "A person admitted must be at least %s years old (counted by month)." } },
	{ "admission_age_too_high",
	    { "Người được kết nạp quá %s tuổi (tính theo tháng) cần được cấp ủy trực thuộc Trung ương đồng ý.",
	        "Admission over %s years old (counted by month) needs the approval of the committee directly under the Central Committee." } },
	{ "official_date_mismatch",
	    { "Ngày chính thức phải là ngày kết nạp cộng thời gian dự bị: %s.",
	        "The official date must be the admission date plus the probation: %s." } },
	{ "not_yet_official",
	    { "Chưa đến ngày chính thức (%s).",
	        "The official date (%s) has not come yet." } },
	{ "probationary_has_official_date",
	    { "Đảng viên dự bị chưa có ngày chính thức.",
	        "A probationary member has no official date yet." } },
	{ "org_closed",
	    { "Tổ chức \"%s\" đã giải thể hoặc hết hiệu lực.",
	        "The organisation \"%s\" is closed." } },
	{ "org_cannot_hold_members",
	    { "Loại tổ chức này (%s) không trực tiếp quản lý đảng viên; hãy chọn chi bộ.",
	        "This kind of organisation (%s) does not hold members directly; choose a cell." } },
	{ "org_has_members",
	    { "Tổ chức còn %s đảng viên sinh hoạt.",
	        "The organisation still holds %s members." } },
	{ "org_has_children",
	    { "Tổ chức còn %s tổ chức trực thuộc đang hoạt động.",
	        "The organisation still has %s open sub-organisations." } },
	{ "kind_not_allowed_as_root",
	    { "Loại tổ chức %s không thể là gốc của cây.",
	        "An organisation of kind %s cannot be a root." } },
	{ "root_admin_grants",
	    { "Tổ chức có %s tài khoản quản trị (admin); đưa lên gốc sẽ "
	      "biến họ thành quản trị toàn hệ thống. Hãy thu hồi các quyền "
	      "đó trước (chibo user revoke).",
	        "%s accounts are admins of this organisation; at the top "
	        "they would administer the whole installation. Revoke those "
	        "grants first (chibo user revoke)." } },
	{ "kind_not_allowed_under",
	    { "Loại tổ chức này không được trực thuộc loại %s.",
	        "This kind of organisation cannot sit under one of kind %s." } },
	{ "parent_cycle",
	    { "Không thể chuyển tổ chức vào chính nó hoặc tổ chức cấp dưới của nó.",
	        "An organisation cannot move under itself or one of its own sub-organisations." } },
	{ "same_org",
	    { "Tổ chức đích phải khác tổ chức nguồn.",
	        "The target organisation must differ from the source." } },
	{ "rule_not_in_force",
	    { "Không có quy định %s có hiệu lực vào ngày cần xét.",
	        "No version of rule %s is in force on the date judged." } },
	{ "invalid_cursor",
	    { "Con trỏ phân trang không hợp lệ.", "Invalid page cursor." } },
	{ "invalid_event",
	    { "Biến động không áp dụng được: %s.",
	        "The event cannot be applied: %s." } },
	{ "officer_not_in_org",
	    { "Đảng viên không sinh hoạt trong tổ chức này (%s).",
	        "The member does not belong to this organisation (%s)." } },
	{ "officer_duplicate",
	    { "Đảng viên này đã giữ chức vụ này trong thời gian đó.",
	        "This member already holds this position in that period." } },
	{ "member_not_active",
	    { "Đảng viên không còn sinh hoạt (%s).",
	        "The member is no longer on the rolls (%s)." } },
	{ "already_official",
	    { "Đảng viên đã là đảng viên chính thức.",
	        "The member is already official." } },
	{ "not_exempt",
	    { "Đảng viên không được miễn sinh hoạt.",
	        "The member is not exempted." } },
	{ "already_exempt",
	    { "Đảng viên đã được miễn sinh hoạt.",
	        "The member is already exempted." } },

	/* Imports. */
	{ "csv_unterminated_quote",
	    { "Dấu ngoặc kép mở ở dòng %s không được đóng.",
	        "The quote opened on line %s is never closed." } },
	{ "csv_empty",
	    { "Tệp không có dữ liệu.", "The file holds no data." } },
	{ "bad_encoding",
	    { "Không nhận ra bảng mã của tệp.",
	        "The file's encoding is not recognised." } },
	{ "too_many_rows",
	    { "Tệp có quá nhiều dòng (tối đa %s).",
	        "The file has too many rows (at most %s)." } },
	{ "xlsx_invalid",
	    { "Không đọc được tệp Excel (.xlsx).",
	        "The Excel (.xlsx) file cannot be read." } },
	{ "unknown_column",
	    { "Không nhận ra cột \"%s\".",
	        "Column \"%s\" is not recognised." } },
	{ "duplicate_column",
	    { "Cột \"%s\" xuất hiện hai lần.",
	        "Column \"%s\" appears twice." } },
	{ "missing_column",
	    { "Thiếu cột bắt buộc \"%f\".",
	        "The required column \"%f\" is missing." } },
	{ "duplicate_in_file",
	    { "Trùng với dòng %s của tệp.", "Same as row %s of the file." } },
	{ "identity_conflict",
	    { "Số này đã là của đồng chí %s trong sổ đảng viên, nhưng họ tên "
	      "hoặc ngày sinh ở dòng này khác (các trường trong ngoặc). Dòng "
	      "này không được ghi khi văn phòng chưa xác nhận thay đổi.",
	        "This number already belongs to member %s, but the name or "
	        "birth date in this row differs (the fields in brackets). The "
	        "row is not written until the office accepts the change." } },
	{ "accept_identity_no_conflict",
	    { "Dòng %s được xác nhận đổi nhân thân nhưng không có xung đột "
	      "nào để xác nhận.",
	        "Row %s is listed to accept a change of identity, but it has "
	        "no conflict to accept." } },
	{ "org_code_not_found",
	    { "Không có tổ chức mã \"%s\".",
	        "No organisation with code \"%s\"." } },
	{ "org_required",
	    { "Hãy chọn một tổ chức đảng: tài khoản có quyền ở nhiều tổ chức.",
	        "Choose a Party organisation: the account has rights in several." } },
	{ "grant_exists",
	    { "Tài khoản đã có vai trò này tại tổ chức này.",
	        "The account already has this role on this organisation." } },
	{ "grant_not_found",
	    { "Tài khoản không có vai trò này tại tổ chức này.",
	        "The account has no such role on this organisation." } },
	/* Sensitive data and grant options (issue 11, docs/security.md). */
	{ "forbidden_filter",
	    { "Không có quyền lọc hoặc sắp xếp theo trường dữ liệu cá nhân "
	      "này (Nghị định 13/2023/NĐ-CP).",
	        "You may not filter or sort by this personal data field "
	        "(Decree 13/2023/NĐ-CP)." } },
	{ "rule_unknown_field",
	    { "Đảng viên không có trường %s.", "A member has no field %s." } },
	{ "rule_field_not_maskable",
	    { "Không thể che trường %s (mã, họ tên, tổ chức, trạng thái "
	      "luôn hiển thị).",
	        "Field %s cannot be masked (the id, name, organisation and "
	        "status are always shown)." } },
	{ "rule_value_invalid",
	    { "Giá trị %s sai kiểu hoặc ngoài khoảng cho phép.",
	        "Value %s has the wrong type or is out of range." } },
	{ "grant_option_invalid",
	    { "Vai trò %s không nhận tùy chọn này; chỉ bí thư chi bộ "
	      "(secretary) nhận tùy chọn contacts; tùy chọn discipline "
	      "không dành cho đảng viên (member) và cấp trên (viewer).",
	        "Role %s does not take this option; only a cell secretary "
	        "(secretary) takes the option contacts; a member or a "
	        "viewer may not take the option discipline." } },
	{ "contacts_only",
	    { "Chỉ được sửa các trường: %s.",
	        "Only these fields may be corrected: %s." } },
	{ "too_many_cells",
	    { "Dòng có nhiều ô hơn dòng tiêu đề.",
	        "The row has more cells than the header." } },
	/* The labels of the audit trail's actions (svc_audit_label). */
	{ "audit_member_view", { "Xem hồ sơ", "Viewed the record" } },
	{ "audit_member_create", { "Tạo hồ sơ", "Created the record" } },
	{ "audit_member_update", { "Cập nhật hồ sơ", "Updated the record" } },
	{ "audit_member_move",
	    { "Chuyển sang tổ chức đảng khác",
	        "Moved to another Party organisation" } },
	{ "audit_member_event", { "Ghi nhận sự kiện", "Recorded an event" } },
	{ "audit_member_delete", { "Xóa hồ sơ", "Deleted the record" } },
	{ "audit_member_export", { "Xuất danh sách", "Exported a list" } },
	{ "audit_member_import", { "Nhập tệp %s", "Imported file %s" } },
	{ "audit_member_import_given",
	    { "Nhập tệp %s, %g dòng", "Imported file %s, %g rows" } },
	{ "audit_member_import_list",
	    { "Nhập danh sách đảng viên", "Imported members" } },
	{ "audit_org_create",
	    { "Tạo tổ chức đảng", "Created a Party organisation" } },
	{ "audit_org_update",
	    { "Cập nhật tổ chức đảng", "Updated a Party organisation" } },
	{ "audit_org_merge",
	    { "Hợp nhất tổ chức đảng", "Merged Party organisations" } },
	{ "audit_org_officer_add",
	    { "Ghi nhiệm kỳ cấp ủy", "Recorded a committee term" } },
	{ "audit_meeting_create",
	    { "Lập cuộc họp chi bộ", "Recorded a cell meeting" } },
	{ "audit_meeting_attendance",
	    { "Ghi điểm danh cuộc họp", "Recorded meeting attendance" } },
	{ "audit_meeting_update",
	    { "Sửa cuộc họp chi bộ", "Changed a cell meeting" } },
	{ "audit_meeting_cancel",
	    { "Hủy cuộc họp chi bộ", "Cancelled a cell meeting" } },
	{ "audit_meeting_roll_add",
	    { "Bổ sung đảng viên vào danh sách cuộc họp",
	        "Added a member to a meeting's roll" } },
	{ "audit_meeting_resolution",
	    { "Soạn nghị quyết cuộc họp", "Wrote a meeting's resolution" } },
	{ "audit_meeting_resolution_approve",
	    { "Thông qua nghị quyết", "Approved a resolution" } },
	{ "audit_term_create",
	    { "Ghi nhiệm kỳ của cấp ủy", "Recorded a committee's term" } },
	{ "audit_term_update",
	    { "Sửa nhiệm kỳ của cấp ủy", "Changed a committee's term" } },
	{ "audit_term_delete",
	    { "Xóa nhiệm kỳ của cấp ủy", "Deleted a committee's term" } },
	{ "audit_programme_create",
	    { "Lập chương trình kiểm tra, giám sát",
	        "Made an inspection and supervision programme" } },
	{ "audit_programme_update",
	    { "Sửa chương trình kiểm tra, giám sát",
	        "Changed an inspection and supervision programme" } },
	{ "audit_programme_delete",
	    { "Xóa chương trình kiểm tra, giám sát",
	        "Deleted an inspection and supervision programme" } },
	{ "audit_programme_item_add",
	    { "Thêm nội dung vào chương trình kiểm tra, giám sát",
	        "Added an item to an inspection and supervision "
	        "programme" } },
	{ "audit_programme_item_update",
	    { "Sửa nội dung của chương trình kiểm tra, giám sát",
	        "Changed an item of an inspection and supervision "
	        "programme" } },
	{ "audit_programme_item_delete",
	    { "Xóa nội dung của chương trình kiểm tra, giám sát",
	        "Deleted an item of an inspection and supervision "
	        "programme" } },
	{ "audit_meeting_task",
	    { "Ghi nhiệm vụ của nghị quyết",
	        "Recorded a resolution's task" } },
	{ "audit_meeting_score",
	    { "Tự chấm điểm cuộc họp", "Self-scored a meeting" } },
	{ "audit_meeting_vote",
	    { "Ghi kết quả biểu quyết", "Recorded a vote" } },
	{ "audit_meeting_minutes",
	    { "Ghi biên bản cuộc họp", "Wrote the minutes of a meeting" } },
	{ "audit_meeting_minutes_approve",
	    { "Ký thông qua biên bản", "Signed off the minutes" } },
	{ "audit_meeting_minutes_lock",
	    { "Khóa biên bản", "Locked the minutes" } },
	{ "audit_meeting_minutes_correction",
	    { "Đính chính biên bản", "Corrected locked minutes" } },
	{ "audit_inspection_create",
	    { "Ghi cuộc kiểm tra, giám sát",
	        "Recorded an inspection or supervision" } },
	{ "audit_inspection_update",
	    { "Sửa cuộc kiểm tra, giám sát",
	        "Changed an inspection or supervision" } },
	{ "audit_inspection_delete",
	    { "Xóa cuộc kiểm tra, giám sát",
	        "Deleted an inspection or supervision" } },
	{ "audit_inspection_recommendation",
	    { "Ghi kiến nghị sau kiểm tra, giám sát",
	        "Recorded a recommendation" } },
	{ "audit_inspection_recommendation_update",
	    { "Cập nhật việc thực hiện kiến nghị",
	        "Followed up a recommendation" } },
	{ "audit_inspection_attachment_add",
	    { "Đính kèm tài liệu kiểm tra, giám sát",
	        "Attached a file to an inspection" } },
	{ "audit_org_split",
	    { "Chia tách tổ chức đảng", "Split a Party organisation" } },
	{ "audit_rules_override",
	    { "Điều chỉnh quy định", "Overrode a rule" } },
	{ "audit_session_create", { "Đăng nhập", "Signed in" } },
	{ "audit_session_denied",
	    { "Đăng nhập không thành công", "Sign-in refused" } },
	{ "audit_session_delete", { "Đăng xuất", "Signed out" } },
	{ "audit_user_create", { "Tạo tài khoản", "Created an account" } },
	{ "audit_user_disable", { "Khóa tài khoản", "Disabled an account" } },
	{ "audit_user_enable", { "Mở khóa tài khoản", "Enabled an account" } },
	{ "audit_user_password", { "Đặt mật khẩu", "Set a password" } },
	{ "audit_user_grant", { "Cấp quyền", "Granted a role" } },
	{ "audit_user_revoke", { "Thu hồi quyền", "Revoked a role" } },
	{ "audit_token_create",
	    { "Tạo khóa truy cập API", "Created an API token" } },
	{ "audit_token_revoke",
	    { "Thu hồi khóa truy cập API", "Revoked an API token" } },
	{ "audit_demo_load", { "Nạp dữ liệu mẫu", "Loaded the demo data" } },
	{ "audit_other", { "Thao tác %s", "Action %s" } },
	/* Import safety (issue 11): the check's token, the fields of an
	 * identity conflict by label (%L: the given list), who holds a
	 * duplicate value. */
	{ "import_token_required",
	    { "Hãy kiểm tra tệp trước khi nhập: việc nhập cần mã (token) của "
	      "lần kiểm tra.",
	        "Check the file first: applying an import needs the check's "
	        "token." } },
	{ "import_token_mismatch",
	    { "Mã kiểm tra không khớp với tệp, các lựa chọn hoặc tài khoản "
	      "này: hãy kiểm tra lại đúng tệp sẽ nhập.",
	        "The check's token does not match this file, these options "
	        "or this account: check the file to import again." } },
	{ "import_token_stale",
	    { "Sổ đảng viên đã thay đổi sau lần kiểm tra, việc nhập sẽ khác "
	      "bản xem trước: hãy kiểm tra lại tệp. Chưa ghi gì.",
	        "The register changed after the check, so the import would "
	        "differ from its preview: check the file again. Nothing was "
	        "written." } },
	{ "identity_conflict_given",
	    { "Số này đã là của đồng chí %s trong sổ đảng viên, nhưng ở dòng "
	      "này khác: %L. Dòng này không được ghi khi văn phòng chưa xác "
	      "nhận thay đổi.",
	        "This number already belongs to member %s, but this row "
	        "differs in: %L. The row is not written until the office "
	        "accepts the change." } },
	{ "duplicate_given",
	    { "%L này đã thuộc về %H.", "This %L already belongs to %H." } },
	/* Meetings: votes, the self-score sheet and the findings of the
	 * meetings check (core/meeting-rules.c); a finding's argument is its
	 * period. */
	{ "vote_count_negative",
	    { "Số phiếu không được âm.",
	        "A count of votes cannot be negative." } },
	{ "vote_base_empty",
	    { "Chi bộ không có đảng viên chính thức có quyền biểu quyết vào "
	      "ngày này.",
	        "The cell has no official member with a vote on this date." } },
	{ "vote_count_over_base",
	    { "Tổng số phiếu tán thành, không tán thành và không biểu quyết "
	      "vượt quá số đảng viên chính thức (%s).",
	        "Votes for, against and abstaining together exceed the official "
	        "members (%s)." } },
	/* A meeting's votes and minutes (svc/meeting-minutes.c). */
	{ "meeting_not_held",
	    { "Chỉ biểu quyết tại cuộc họp đang diễn ra hoặc đã họp (trạng "
	      "thái hiện tại: %s).",
	        "Votes are taken only at a meeting in progress or held (its "
	        "status: %s)." } },
	{ "minutes_locked",
	    { "Biên bản đã khóa; chỉ có thể đính chính.",
	        "The minutes are locked; only a correction can amend them." } },
	{ "minutes_missing",
	    { "Cuộc họp chưa có biên bản.",
	        "The meeting has no minutes yet." } },
	{ "minutes_not_approved",
	    { "Biên bản chưa được chủ trì và thư ký ký thông qua.",
	        "The minutes are not yet signed off by the chair and the "
	        "secretary." } },
	{ "minutes_not_locked",
	    { "Biên bản chưa khóa: hãy sửa trực tiếp biên bản.",
	        "The minutes are not locked: edit them instead." } },
	{ "not_chair_or_secretary",
	    { "Chỉ người chủ trì hoặc thư ký cuộc họp được ký biên bản.",
	        "Only the chair or the secretary of the meeting signs the "
	        "minutes." } },
	{ "speaker_required",
	    { "Cần ghi người phát biểu (đảng viên hoặc họ tên).",
	        "Name the speaker (a member or a name)." } },
	{ "too_many",
	    { "Quá nhiều mục (tối đa %s).",
	        "Too many entries (at most %s)." } },
	{ "score_out_of_range",
	    { "Điểm phải trong khoảng %s.", "The score must be in %s." } },
	{ "score_missing",
	    { "Thiếu điểm của tiêu chí này.",
	        "This criterion has no score." } },
	{ "score_unknown_criterion",
	    { "Tiêu chí không có trong phiếu đánh giá của quy định.",
	        "The criterion is not on the rulebook's score sheet." } },
	{ "score_twice",
	    { "Tiêu chí được chấm điểm hai lần.",
	        "The criterion is scored twice." } },
	/* A meeting's resolution and its tasks (svc/resolution.c). */
	{ "resolution_not_found",
	    { "Cuộc họp chưa có nghị quyết.",
	        "The meeting has no resolution yet." } },
	{ "resolution_approved",
	    { "Nghị quyết đã được thông qua, không sửa được nữa.",
	        "The resolution is approved and can no longer be changed." } },
	{ "task_not_found",
	    { "Không tìm thấy nhiệm vụ.", "Task not found." } },
	{ "score_not_found",
	    { "Cuộc họp chưa tự chấm điểm.",
	        "The meeting has not been scored yet." } },
	{ "assignee_twice",
	    { "Chỉ ghi một người (hoặc nhóm) thực hiện: đảng viên hoặc tên "
	      "nhóm, không cả hai.",
	        "Give one assignee: a member or a group's name, not both." } },
	{ "quality_sheet_invalid",
	    { "Phiếu đánh giá của quy định %s không dùng được: số tiêu chí và "
	      "số điểm tối đa không khớp, hoặc các mức xếp loại không giảm "
	      "dần.",
	        "The score sheet of rule %s cannot be used: its criteria and "
	        "maxima do not pair up, or its bands do not fall." } },
	/* Evaluation and classification (issue 15; core/evaluation.c): the
	 * reasons of a computed level (%s the rule's threshold, %g what was
	 * given) and the rules' errors. */
	{ "score_band",
	    { "Điểm tự đánh giá chưa đạt %s điểm của mức xếp loại cao hơn "
	      "(hoặc chưa có điểm).",
	        "The score is below the %s points of the higher level (or "
	        "there is no score yet)." } },
	{ "score_band_given",
	    { "Điểm %g chưa đạt %s điểm của mức xếp loại cao hơn.",
	        "The score %g is below the %s points of the higher level." } },
	{ "tasks_not_on_time",
	    { "Tỷ lệ nhiệm vụ hoàn thành đúng tiến độ chưa đạt %s %.",
	        "Fewer than %s % of the assigned tasks were done on time." } },
	{ "tasks_not_on_time_given",
	    { "Nhiệm vụ hoàn thành đúng tiến độ %g %, chưa đạt %s %.",
	        "%g % of the assigned tasks were done on time, below %s %." } },
	{ "tasks_exceeded_short",
	    { "Tỷ lệ nhiệm vụ vượt yêu cầu chưa đạt %s % (điều kiện của mức "
	      "hoàn thành xuất sắc).",
	        "Fewer than %s % of the tasks exceeded requirements (a "
	        "condition of the excellent level)." } },
	{ "tasks_exceeded_short_given",
	    { "Nhiệm vụ vượt yêu cầu %g %, chưa đạt %s % (điều kiện của mức "
	      "hoàn thành xuất sắc).",
	        "%g % of the tasks exceeded requirements, below %s % (a "
	        "condition of the excellent level)." } },
	{ "disciplined_in_period",
	    { "Bị kỷ luật trong kỳ đánh giá.",
	        "Disciplined in the period evaluated." } },
	{ "disciplined_in_period_given",
	    { "Bị kỷ luật trong kỳ đánh giá (%g quyết định).",
	        "Disciplined in the period evaluated (%g decisions)." } },
	{ "collective_disciplined",
	    { "Tập thể lãnh đạo hoặc thành viên của tập thể lãnh đạo bị kỷ luật "
	      "trong kỳ.",
	        "The leadership collective or one of its members was "
	        "disciplined in the period." } },
	{ "collective_disciplined_given",
	    { "%g % tổ chức đảng trực thuộc bị kỷ luật trong kỳ (quá %s %).",
	        "%g % of the subordinate organisations were disciplined in "
	        "the period (above %s %)." } },
	{ "quarter_kht",
	    { "Trong năm có quý xếp loại không hoàn thành nhiệm vụ.",
	        "A quarter of the year was rated 'not completed'." } },
	{ "quarter_kht_given",
	    { "Trong năm có %g quý xếp loại không hoàn thành nhiệm vụ.",
	        "%g quarters of the year were rated 'not completed'." } },
	{ "not_classified_new_member",
	    { "Chưa xếp loại: được kết nạp (hoặc thành lập) chưa đủ %s tháng "
	      "tính đến hết kỳ đánh giá.",
	        "Not classified: admitted (or set up) less than %s months "
	        "before the period ends." } },
	{ "not_classified_new_member_given",
	    { "Chưa xếp loại: được kết nạp (hoặc thành lập) ngày %g, chưa đủ "
	      "%s tháng tính đến hết kỳ đánh giá.",
	        "Not classified: admitted (or set up) on %g, less than %s "
	        "months before the period ends." } },
	{ "not_classified_exempt",
	    { "Không xếp loại: đảng viên bị đình chỉ sinh hoạt đảng hoặc được "
	      "miễn công tác và sinh hoạt đảng.",
	        "Not classified: the member is suspended from Party "
	        "activities or exempted from work and Party activities." } },
	{ "sick_leave_cap",
	    { "Nghỉ ốm từ %s tháng trở lên trong kỳ: không xếp loại cao hơn "
	      "mức quy định.",
	        "Sick leave of %s months or more in the period caps the "
	        "level." } },
	{ "sick_leave_cap_given",
	    { "Nghỉ ốm %g tháng trong kỳ (từ %s tháng trở lên): không xếp loại "
	      "cao hơn mức quy định.",
	        "Sick leave of %g months in the period (%s or more) caps the "
	        "level." } },
	{ "evaluation_rules_invalid",
	    { "Quy định %s không dùng được: các mức điểm không giảm dần, hoặc "
	      "các danh sách của phiếu không khớp, hoặc tổng điểm tối đa khác "
	      "100.",
	        "Rule %s cannot be used: its bands do not fall, or its "
	        "sheet's lists do not pair up, or its maxima do not sum to "
	        "100." } },
	{ "count_out_of_range",
	    { "Phải là số nguyên trong khoảng %s.",
	        "Must be a whole number in %s." } },
	{ "regular_missing",
	    { "Chi bộ không sinh hoạt thường kỳ trong tháng %s.",
	        "The cell held no regular meeting in %s." } },
	{ "thematic_missing",
	    { "Chi bộ không sinh hoạt chuyên đề trong quý %s.",
	        "The cell held no thematic meeting in quarter %s." } },
	{ "duration_short",
	    { "Buổi sinh hoạt tháng %s ngắn hơn thời lượng tối thiểu.",
	        "A meeting in %s was shorter than the minimum length." } },
	{ "materials_late",
	    { "Tài liệu buổi sinh hoạt tháng %s được đưa lên muộn hơn quy "
	      "định trước buổi họp.",
	        "Materials of a meeting in %s were made available later "
	        "than the rule requires before it." } },
	{ "resolution_late",
	    { "Nghị quyết buổi sinh hoạt tháng %s được thông qua quá thời "
	      "hạn sau buổi họp.",
	        "The resolution of a meeting in %s was approved after the "
	        "deadline." } },
	{ "attendance_low",
	    { "Tỷ lệ đảng viên dự buổi sinh hoạt tháng %s thấp hơn quy định.",
	        "Attendance at a meeting in %s was below the rule's "
	        "threshold." } },
	{ "member_absent_3_months",
	    { "Đảng viên bỏ sinh hoạt không có lý do trong số tháng của năm "
	      "%s mà Điều lệ coi là căn cứ đề nghị xóa tên.",
	        "The member missed meetings without reason in as many months "
	        "of %s as the Charter makes a ground for removal." } },
	{ "not_covered_in_term",
	    { "Tổ chức đảng chưa được kiểm tra hoặc giám sát trong nhiệm kỳ; "
	      "còn %s tháng đến hết nhiệm kỳ.",
	        "The organisation has been neither inspected nor supervised "
	        "in the term; %s months are left in it." } },
	{ "self_inspection_missing",
	    { "Tổ chức đảng chưa tự kiểm tra, giám sát đảng viên trong năm %s.",
	        "The organisation has not inspected and supervised its members "
	        "itself in %s." } },
	{ "recommendation_overdue",
	    { "Kiến nghị sau kiểm tra, giám sát quá hạn %s mà chưa thực hiện "
	      "xong.",
	        "A recommendation of an inspection or supervision is past its "
	        "deadline of %s and not done." } },
	/* Discipline cases: the problems of core/discipline.c (its
	 * discipline_problem says each one's %s and %g; "%{field}s" is the
	 * argument's label as a value of field, below). */
	{ "form_not_allowed_for_subject",
	    { "Không áp dụng %{discipline.form_phrase}s cho đối tượng này.",
	        "The form of discipline (%{discipline.form_phrase}s) does not "
	        "apply to this subject." } },
	{ "form_not_allowed_for_subject_given",
	    { "Không áp dụng %{discipline.form_phrase}s đối với "
	      "%{discipline.subject_kind}g.",
	        "The form of discipline (%{discipline.form_phrase}s) does not "
	        "apply to %{discipline.subject_kind}g." } },
	{ "authority_insufficient",
	    { "Cấp quyết định không có thẩm quyền quyết định "
	      "%{discipline.form_phrase}s.",
	        "The deciding body may not decide "
	        "%{discipline.form_phrase}s." } },
	{ "authority_insufficient_given",
	    { "%{discipline.deciding_body}g không có thẩm quyền quyết định "
	      "%{discipline.form_phrase}s.",
	        "A body of kind «%{discipline.deciding_body}g» may not decide "
	        "%{discipline.form_phrase}s." } },
	{ "vote_threshold_not_met",
	    { "Số phiếu tán thành chưa đủ: cần ít nhất %s phiếu.",
	        "Not enough votes for: at least %s are needed." } },
	{ "vote_threshold_not_met_given",
	    { "Số phiếu tán thành chưa đạt %{discipline.vote_rule}g tổng số "
	      "người có quyền biểu quyết (cần ít nhất %s phiếu).",
	        "The votes for do not reach %{discipline.vote_rule}g of "
	        "those with a vote (at least %s are needed)." } },
	{ "time_barred",
	    { "Vi phạm đã hết thời hiệu xử lý kỷ luật (%s năm).",
	        "The violation is past the limitation period (%s years)." } },
	{ "time_barred_given",
	    { "Vi phạm đã hết thời hiệu xử lý kỷ luật: %s năm đối với "
	      "%{discipline.form_phrase}g, tính từ ngày vi phạm (vi phạm kéo "
	      "dài: từ ngày kết thúc) đến ngày quyết định.",
	        "The violation is past the limitation period: %s years for "
	        "%{discipline.form_phrase}g, counted from the violation (a "
	        "continuing one: from its end) to the decision." } },
	{ "deferred_condition",
	    { "Chưa xem xét kỷ luật khi đảng viên %{discipline.deferral_phrase}s: "
	      "ghi nhận vụ việc, chưa ghi quyết định.",
	        "Discipline is not yet considered while the member is "
	        "%{discipline.deferral_phrase}s: record the case without a "
	        "decision." } },
	{ "complaint_late",
	    { "Khiếu nại quá thời hạn %s ngày kể từ ngày nhận quyết định kỷ "
	      "luật.",
	        "The complaint comes more than %s days after the decision was "
	        "received." } },
	{ "complaint_late_given",
	    { "Khiếu nại quá thời hạn %s ngày kể từ ngày nhận quyết định kỷ "
	      "luật (sau %g ngày).",
	        "The complaint comes more than %s days after the decision was "
	        "received (after %g days)." } },
	{ "violation_unknown",
	    { "Vi phạm «%s» không có trong danh mục vi phạm của quy định.",
	        "The violation «%s» is not in the rulebook's catalogue." } },
	/* Terms and inspection programmes (svc/programme.c, issue 14). */
	{ "term_not_found", { "Không tìm thấy nhiệm kỳ.", "No such term." } },
	{ "term_overlap",
	    { "Thời gian trùng với nhiệm kỳ %s của tổ chức.",
	        "The dates overlap the organisation's term %s." } },
	{ "programme_not_found",
	    { "Không tìm thấy chương trình kiểm tra, giám sát.",
	        "No such inspection and supervision programme." } },
	{ "programme_in_use",
	    { "Chương trình đã có cuộc kiểm tra, giám sát thực hiện theo; "
	      "không xóa được.",
	        "Inspections carried out under the programme are recorded; "
	        "it cannot be deleted." } },
	{ "programme_item_not_found",
	    { "Không tìm thấy nội dung của chương trình kiểm tra, giám sát.",
	        "No such item of an inspection and supervision "
	        "programme." } },
	{ "subject_one_of",
	    { "Ghi một (và chỉ một) đối tượng: tổ chức đảng hoặc đảng viên "
	      "được kiểm tra, giám sát.",
	        "Give one subject (and only one): the organisation or the "
	        "member inspected or supervised." } },
	{ "subject_outside_body",
	    { "Đối tượng không thuộc phạm vi của chủ thể kiểm tra, giám sát.",
	        "The subject is outside the conducting body's "
	        "organisation." } },
	{ "form_not_allowed",
	    { "Hình thức này không dùng cho loại kiểm tra, giám sát đã chọn "
	      "(được dùng: %s).",
	        "This form is not one of the chosen kind's (allowed: %s)." } },
	{ "unknown_content",
	    { "Nội dung «%s» không có trong danh mục nội dung kiểm tra, giám "
	      "sát.",
	        "The content «%s» is not in the catalogue of inspection "
	        "contents." } },
	{ "duplicate_content",
	    { "Một nội dung được ghi hai lần.",
	        "A content is given twice." } },
	{ "duplicate_content_given",
	    { "Nội dung «%g» được ghi hai lần.",
	        "The content «%g» is given twice." } },
	{ "programme_has_items",
	    { "Chương trình đã có nội dung: không đổi được chủ thể hoặc tổ "
	      "chức (xóa các nội dung trước).",
	        "The programme has items: its body and organisation do not "
	        "change (delete the items first)." } },
	{ "body_not_allowed",
	    { "Tổ chức loại «%s» không có chương trình kiểm tra, giám sát của "
	      "chi bộ.",
	        "An organisation of kind «%s» has no cell programme." } },
};

#define NMSG (sizeof(catalogue) / sizeof(catalogue[0]))

struct label {
	const char *field;
	const char *text[LANG__MAX];
};

static const struct label labels[] = {
	{ "id", { "Mã số", "ID" } },
	{ "full_name", { "Họ và tên", "Full name" } },
	{ "gender", { "Giới tính", "Gender" } },
	{ "birth_date", { "Ngày sinh", "Date of birth" } },
	{ "birthplace", { "Nơi sinh", "Place of birth" } },
	{ "hometown", { "Quê quán", "Home town" } },
	{ "ethnicity", { "Dân tộc", "Ethnicity" } },
	{ "religion", { "Tôn giáo", "Religion" } },
	{ "citizen_id", { "Số CCCD", "Citizen ID" } },
	{ "card_no", { "Số thẻ đảng viên", "Party card number" } },
	{ "dossier_no", { "Số lý lịch", "Dossier number" } },
	{ "admission_decision_date",
	    { "Ngày quyết định kết nạp", "Admission decision date" } },
	{ "admitted_on", { "Ngày vào Đảng", "Admission date" } },
	{ "official_on", { "Ngày chính thức", "Official date" } },
	{ "status", { "Loại đảng viên", "Status" } },
	{ "exempt_since", { "Miễn sinh hoạt từ ngày", "Exempted since" } },
	{ "org_id", { "Tổ chức đảng", "Party organisation" } },
	{ "org", { "Tổ chức đảng", "Party organisation" } },
	{ "org_code", { "Mã chi bộ", "Organisation code" } },
	{ "job_title", { "Chức vụ, nghề nghiệp", "Job title" } },
	{ "education", { "Trình độ học vấn", "Education" } },
	{ "professional_level",
	    { "Trình độ chuyên môn", "Professional level" } },
	{ "theory_level", { "Lý luận chính trị", "Political theory level" } },
	{ "phone", { "Điện thoại", "Phone" } },
	{ "email", { "Email", "E-mail" } },
	{ "state", { "Tình trạng", "State" } },
	{ "kind", { "Loại tổ chức", "Kind" } },
	/* Fields another entity names alike, labelled for that entity
	 * (msg_entity_field_label). */
	{ "meeting.kind", { "Loại cuộc họp", "Meeting kind" } },
	{ "meeting.status", { "Trạng thái cuộc họp", "Meeting status" } },
	{ "attendance.status", { "Điểm danh", "Attendance" } },
	{ "name", { "Tên", "Name" } },
	{ "code", { "Mã", "Code" } },
	{ "parent_id", { "Tổ chức cấp trên", "Parent organisation" } },
	{ "valid_from", { "Hiệu lực từ ngày", "Valid from" } },
	{ "valid_to", { "Hiệu lực đến ngày", "Valid to" } },
	{ "parent.valid_from",
	    { "ngày thành lập của tổ chức cấp trên",
	        "the parent's founding date" } },
	{ "on", { "Ngày", "Date" } },
	{ "doc_no", { "Số văn bản", "Document number" } },
	{ "cursor", { "Con trỏ trang", "Page cursor" } },
	{ "limit", { "Số dòng mỗi trang", "Page size" } },
	{ "sort", { "Sắp xếp", "Sort" } },
	/* An organisation's officers (org_officer). */
	{ "member_id", { "Đảng viên", "Member" } },
	{ "position", { "Chức vụ trong cấp ủy", "Position" } },
	{ "started_on", { "Từ ngày", "From" } },
	{ "ended_on", { "Đến ngày", "Until" } },
	{ "recorded_by", { "Người ghi", "Recorded by" } },
	{ "recorded_at", { "Ghi lúc", "Recorded at" } },
	{ "member_name", { "Họ và tên", "Full name" } },
	/* Meetings and their attendance (meeting, meeting_attendance);
	 * kind and status share the labels above. */
	{ "starts_at", { "Bắt đầu lúc", "Starts at" } },
	{ "ends_at", { "Kết thúc lúc", "Ends at" } },
	{ "place", { "Địa điểm", "Place" } },
	{ "online", { "Họp trực tuyến", "Online" } },
	{ "online_reason",
	    { "Lý do họp trực tuyến", "Reason for meeting online" } },
	{ "topic", { "Chuyên đề", "Topic" } },
	{ "chair_id", { "Chủ trì", "Chair" } },
	{ "secretary_id", { "Thư ký", "Minutes secretary" } },
	{ "guests", { "Khách mời", "Guests" } },
	{ "agenda", { "Chương trình", "Agenda" } },
	{ "meeting_id", { "Cuộc họp", "Meeting" } },
	{ "reason", { "Lý do", "Reason" } },
	{ "joined_at", { "Vào họp lúc", "Joined at" } },
	{ "left_at", { "Rời họp lúc", "Left at" } },
	{ "roll", { "Danh sách", "Roll" } },
	/* A meeting's resolution and its tasks (svc/resolution.c). */
	{ "results", { "Kết quả thực hiện", "Results" } },
	{ "directions", { "Phương hướng", "Directions" } },
	{ "vote_for", { "Số đồng chí tán thành", "Votes for" } },
	{ "vote_total", { "Số đồng chí biểu quyết", "Members voting" } },
	{ "assignee", { "Người thực hiện", "Assignee" } },
	{ "assignee_id", { "Đảng viên thực hiện", "Assigned member" } },
	{ "assignee_text", { "Nhóm thực hiện", "Assigned group" } },
	{ "what", { "Nội dung nhiệm vụ", "Task" } },
	{ "due_on", { "Thời hạn", "Due on" } },
	{ "result", { "Kết quả", "Result" } },
	{ "scores", { "Điểm tự đánh giá", "Self-scores" } },
	/* A meeting's votes (meeting_vote); its kind is labelled as
	 * "meeting_vote.kind". */
	{ "meeting_vote.kind", { "Loại biểu quyết", "Vote kind" } },
	{ "secret", { "Bỏ phiếu kín", "Secret ballot" } },
	{ "for", { "Số tán thành", "For" } },
	{ "against", { "Số không tán thành", "Against" } },
	{ "abstain", { "Số không biểu quyết", "Abstaining" } },
	{ "subject", { "Nội dung biểu quyết", "Subject" } },
	{ "base", { "Số đảng viên chính thức", "Official members" } },
	{ "threshold", { "Số phiếu cần đạt", "Votes needed" } },
	{ "passed", { "Được thông qua", "Passed" } },
	{ "rule_id", { "Quy định", "Rule" } },
	{ "citation", { "Căn cứ", "Citation" } },
	/* Discipline cases and state notices (discipline_case,
	 * discipline_notice); the case's subject and base are labelled as
	 * theirs. */
	{ "discipline_case.subject",
	    { "Đối tượng kỷ luật", "Subject of the case" } },
	{ "discipline_case.base",
	    { "Tổng số có quyền biểu quyết", "Members with a vote" } },
	{ "violation_code", { "Hành vi vi phạm", "Violation" } },
	{ "violation_on", { "Ngày vi phạm", "Violation date" } },
	{ "violation_until",
	    { "Vi phạm kéo dài đến ngày", "Violation continued until" } },
	{ "discovered_on", { "Ngày phát hiện", "Discovered on" } },
	{ "upper_task",
	    { "Nhiệm vụ do cấp trên giao",
	        "Task assigned by an upper level" } },
	{ "deciding_org_id",
	    { "Tổ chức đảng quyết định", "Deciding organisation" } },
	{ "deciding_body", { "Cơ quan quyết định", "Deciding body" } },
	{ "form", { "Hình thức", "Form" } },
	{ "vote_against", { "Số không tán thành", "Votes against" } },
	{ "vote_abstain", { "Số không biểu quyết", "Abstaining" } },
	{ "vote", { "Kết quả biểu quyết", "Vote" } },
	{ "decided_on", { "Ngày quyết định", "Decided on" } },
	{ "effective_on", { "Ngày có hiệu lực", "Effective on" } },
	{ "deferral", { "Lý do chưa xem xét kỷ luật", "Reason to defer" } },
	{ "received_on", { "Ngày nhận quyết định", "Decision received on" } },
	{ "complained_on", { "Ngày khiếu nại", "Complaint lodged on" } },
	{ "complaint_outcome",
	    { "Kết quả giải quyết khiếu nại", "Outcome of the complaint" } },
	{ "complaint_decided_on",
	    { "Ngày giải quyết khiếu nại", "Complaint decided on" } },
	{ "note", { "Ghi chú", "Note" } },
	{ "body", { "Cơ quan thông báo", "Notifying body" } },
	{ "notified_on", { "Ngày thông báo", "Notified on" } },
	{ "lapses_on", { "Ngày hết hiệu lực", "Lapses on" } },
	/* The minutes (meeting_minutes) and their corrections. */
	{ "meeting_minutes.state",
	    { "Trạng thái biên bản", "Minutes state" } },
	{ "course", { "Diễn biến cuộc họp", "Course of the meeting" } },
	{ "opinions", { "Ý kiến thảo luận", "Opinions" } },
	{ "conclusions", { "Kết luận", "Conclusions" } },
	{ "notes", { "Ghi chú", "Notes" } },
	{ "chair_signed_at", { "Chủ trì ký lúc", "Chair signed at" } },
	{ "chair_signed_by",
	    { "Người ghi chữ ký chủ trì", "Chair sign-off recorded by" } },
	{ "chair_sign_reason",
	    { "Lý do ghi chữ ký chủ trì trên giấy",
	        "Reason for the chair's paper sign-off" } },
	{ "secretary_signed_at", { "Thư ký ký lúc", "Secretary signed at" } },
	{ "secretary_signed_by",
	    { "Người ghi chữ ký thư ký", "Secretary sign-off recorded by" } },
	{ "secretary_sign_reason",
	    { "Lý do ghi chữ ký thư ký trên giấy",
	        "Reason for the secretary's paper sign-off" } },
	{ "locked_at", { "Khóa lúc", "Locked at" } },
	{ "locked_by", { "Người khóa", "Locked by" } },
	{ "field", { "Phần được đính chính", "Part corrected" } },
	{ "text", { "Nội dung", "Text" } },
	{ "as", { "Ký thay cho", "Signed for" } },
	/* Inspections and supervisions (inspection) and their
	 * recommendations (inspection_recommendation); kind and status are
	 * labelled as "inspection.kind" and "inspection.status". */
	{ "inspection.kind",
	    { "Kiểm tra hay giám sát", "Inspection or supervision" } },
	{ "inspection.status",
	    { "Trạng thái cuộc kiểm tra, giám sát", "Inspection status" } },
	/* Terms and inspection programmes (org_term, inspection_programme,
	 * inspection_programme_item; issue 14).  Names an inspection record
	 * shares (kind, form, subject_*, content_codes, team) mean the
	 * same there. */
	{ "org_term.name", { "Tên nhiệm kỳ", "Term" } },
	{ "starts_on", { "Ngày bắt đầu", "Starts on" } },
	{ "ends_on", { "Ngày kết thúc", "Ends on" } },
	{ "note", { "Ghi chú", "Note" } },
	{ "body", { "Chủ thể kiểm tra, giám sát", "Conducting body" } },
	{ "year", { "Năm", "Year" } },
	{ "title", { "Tên chương trình", "Title" } },
	{ "approved_on", { "Ngày ban hành", "Approved on" } },
	{ "inspection_programme.status",
	    { "Trạng thái chương trình", "Programme status" } },
	{ "programme_id", { "Chương trình kiểm tra, giám sát", "Programme" } },
	{ "inspection_programme_item.kind",
	    { "Kiểm tra hay giám sát", "Inspection or supervision" } },
	{ "inspection_programme_item.status", { "Tiến độ", "Progress" } },
	/* Inspections and supervisions (inspection) and their
	 * recommendations (inspection_recommendation); kind and status are
	 * labelled as "inspection.kind" and "inspection.status". */
	{ "inspection.kind",
	    { "Kiểm tra hay giám sát", "Inspection or supervision" } },
	{ "inspection.status",
	    { "Trạng thái cuộc kiểm tra, giám sát", "Inspection status" } },
	{ "form", { "Hình thức", "Form" } },
	{ "subject_org_id",
	    { "Tổ chức đảng được kiểm tra, giám sát",
	        "Organisation inspected or supervised" } },
	{ "subject_member_id",
	    { "Đảng viên được kiểm tra, giám sát",
	        "Member inspected or supervised" } },
	{ "content_codes", { "Nội dung kiểm tra, giám sát", "Contents" } },
	{ "planned_from", { "Dự kiến từ ngày", "Planned from" } },
	{ "planned_to", { "Dự kiến đến ngày", "Planned to" } },
	{ "team", { "Đoàn, tổ kiểm tra, giám sát", "Team" } },
	{ "subject_name", { "Đối tượng", "Subject" } },
	{ "decided_on", { "Ngày quyết định", "Decision date" } },
	{ "from", { "Từ ngày", "From" } },
	{ "to", { "Đến ngày", "To" } },
	{ "findings", { "Kết quả kiểm tra, giám sát", "Findings" } },
	{ "conclusion", { "Kết luận", "Conclusion" } },
	{ "recommendations_count", { "Số kiến nghị", "Recommendations" } },
	{ "recommendations_overdue",
	    { "Số kiến nghị quá hạn", "Recommendations overdue" } },
	{ "inspection_id",
	    { "Cuộc kiểm tra, giám sát", "Inspection or supervision" } },
	{ "owner", { "Nơi, người thực hiện", "Owner" } },
	{ "owner_org_id", { "Tổ chức thực hiện", "Owning organisation" } },
	{ "done_on", { "Ngày hoàn thành", "Done on" } },
	{ "overdue", { "Quá hạn", "Overdue" } },
	{ "content_codes", { "Nội dung kiểm tra, giám sát", "Contents" } },
	{ "planned_from", { "Dự kiến từ ngày", "Planned from" } },
	{ "planned_to", { "Dự kiến đến ngày", "Planned to" } },
	{ "team", { "Đoàn, tổ kiểm tra, giám sát", "Team" } },
	/* Evaluation periods, evaluations and their comments
	 * (evaluation_period, evaluation, evaluation_comment; issue 15). */
	{ "evaluation_period.kind", { "Loại kỳ đánh giá", "Period kind" } },
	{ "evaluation_period.title", { "Tên kỳ đánh giá", "Period title" } },
	{ "evaluation_period.status",
	    { "Trạng thái kỳ đánh giá", "Period status" } },
	{ "evaluation_period.org_id",
	    { "Tổ chức đảng mở kỳ đánh giá", "Organisation of the period" } },
	{ "quarter", { "Quý", "Quarter" } },
	{ "period_id", { "Kỳ đánh giá", "Evaluation period" } },
	{ "evaluation.subject", { "Đối tượng đánh giá", "Subject" } },
	{ "evaluation.org_id",
	    { "Tổ chức đảng được đánh giá", "Organisation evaluated" } },
	{ "evaluation.subject_org_id",
	    { "Tổ chức đảng của đối tượng", "Subject's organisation" } },
	{ "score", { "Điểm tự chấm", "Score" } },
	{ "criteria", { "Điểm theo tiêu chí", "Criteria" } },
	{ "tasks_total", { "Số nhiệm vụ được giao", "Tasks assigned" } },
	{ "tasks_on_time",
	    { "Số nhiệm vụ hoàn thành đúng hạn", "Tasks done on time" } },
	{ "tasks_exceeded", { "Số nhiệm vụ vượt mức", "Tasks exceeded" } },
	{ "sick_leave_months",
	    { "Số tháng nghỉ ốm", "Months of sick leave" } },
	{ "evaluation.note", { "Minh chứng, ghi chú", "Evidence notes" } },
	{ "self_level", { "Tự xếp loại", "Self-assessed level" } },
	{ "computed_level",
	    { "Mức cao nhất theo quy định", "Highest level allowed" } },
	{ "reasons", { "Căn cứ hạ mức", "Reasons" } },
	{ "proposed_level", { "Mức chi bộ đề xuất", "Proposed level" } },
	{ "proposed_reason", { "Lý do đề xuất", "Reason of the proposal" } },
	{ "vote_base",
	    { "Số đảng viên chính thức được triệu tập",
	        "Official members called" } },
	{ "proposed_at", { "Đề xuất lúc", "Proposed at" } },
	{ "proposed_by", { "Người ghi đề xuất", "Proposed by" } },
	{ "decided_level", { "Mức cấp ủy quyết định", "Decided level" } },
	{ "decided_reason",
	    { "Lý do quyết định khác mức tính", "Reason of the decision" } },
	{ "decided_at", { "Quyết định lúc", "Decided at" } },
	{ "decided_by", { "Người ghi quyết định", "Decided by" } },
	{ "evaluation.status",
	    { "Trạng thái đánh giá", "Evaluation status" } },
	{ "evaluation_id", { "Bản đánh giá", "Evaluation" } },
	{ "author", { "Người góp ý", "Author" } },
	{ "author_member_id", { "Đảng viên góp ý", "Author (member)" } },
	{ "evaluation_comment.text", { "Nội dung góp ý", "Comment" } },
	{ "level", { "Mức xếp loại", "Level" } },
};

#define NLABELS (sizeof(labels) / sizeof(labels[0]))

/* The values of the member's enumerations as people read them (exports
 * with headers for people; the import reads "Nam", "Dự bị" back). */
struct value_label {
	const char *field;
	const char *value;
	const char *text[LANG__MAX];
};

static const struct value_label value_labels[] = {
	{ "gender", "male", { "Nam", "Male" } },
	{ "gender", "female", { "Nữ", "Female" } },
	{ "status", "official", { "Chính thức", "Official" } },
	{ "status", "probationary", { "Dự bị", "Probationary" } },
	{ "state", "active", { "Đang sinh hoạt", "Active" } },
	{ "state", "transferred_out", { "Đã chuyển đi", "Transferred out" } },
	{ "state", "died", { "Đã từ trần", "Died" } },
	{ "state", "removed", { "Đã xóa tên", "Removed" } },
	{ "state", "expelled", { "Đã khai trừ", "Expelled" } },
	{ "state", "left", { "Đã ra khỏi Đảng", "Left the Party" } },
	/* The bands of a meeting's self-score (core/meeting-rules.h). */
	{ "band", "good", { "Tốt", "Good" } },
	{ "band", "fair", { "Khá", "Fair" } },
	{ "band", "average", { "Trung bình", "Average" } },
	{ "band", "poor", { "Kém", "Poor" } },
	/* Discipline cases (core/discipline.h): the values as people read
	 * them, and the phrases the problems' messages use. */
	{ "discipline.subject", "member", { "Đảng viên", "Party member" } },
	{ "discipline.subject", "org",
	    { "Tổ chức đảng", "Party organisation" } },
	{ "discipline.form", "khien_trach", { "Khiển trách", "Reprimand" } },
	{ "discipline.form", "canh_cao", { "Cảnh cáo", "Warning" } },
	{ "discipline.form", "cach_chuc",
	    { "Cách chức", "Removal from post" } },
	{ "discipline.form", "khai_tru", { "Khai trừ", "Expulsion" } },
	{ "discipline.form", "giai_tan", { "Giải tán", "Dissolution" } },
	{ "discipline.deciding_body", "cell", { "Chi bộ", "Cell" } },
	{ "discipline.deciding_body", "committee",
	    { "Cấp ủy (ban thường vụ cấp ủy)",
	        "Party committee (its standing committee)" } },
	{ "discipline.deciding_body", "inspection_commission",
	    { "Ủy ban kiểm tra", "Inspection commission" } },
	{ "discipline.deferral", "pregnant",
	    { "Đang mang thai", "Pregnant" } },
	{ "discipline.deferral", "nursing",
	    { "Đang nuôi con nhỏ", "Nursing a young child" } },
	{ "discipline.deferral", "hospitalised",
	    { "Ốm nặng đang điều trị tại bệnh viện",
	        "Seriously ill in hospital" } },
	{ "discipline.status", "in_force",
	    { "Đang có hiệu lực", "In force" } },
	{ "discipline.status", "lapsed",
	    { "Đã chấm dứt hiệu lực", "Lapsed" } },
	{ "discipline.status", "annulled", { "Đã bị hủy bỏ", "Annulled" } },
	{ "discipline.status", "deferred",
	    { "Chưa xem xét (tạm hoãn)", "Deferred" } },
	{ "discipline.vote_rule", "more_than_half",
	    { "trên một nửa", "more than half" } },
	{ "discipline.vote_rule", "two_thirds",
	    { "hai phần ba", "two thirds" } },
	{ "discipline.subject_kind", "member",
	    { "đảng viên chính thức", "an official member" } },
	{ "discipline.subject_kind", "probationary",
	    { "đảng viên dự bị", "a probationary member" } },
	{ "discipline.subject_kind", "org",
	    { "tổ chức đảng", "a Party organisation" } },
	{ "discipline.subject_kind", "member_no_post",
	    { "đảng viên không giữ chức vụ", "a member holding no post" } },
	{ "discipline.form_phrase", "khien_trach",
	    { "hình thức khiển trách", "a reprimand" } },
	{ "discipline.form_phrase", "canh_cao",
	    { "hình thức cảnh cáo", "a warning" } },
	{ "discipline.form_phrase", "cach_chuc",
	    { "hình thức cách chức", "removal from post" } },
	{ "discipline.form_phrase", "khai_tru",
	    { "hình thức khai trừ", "expulsion" } },
	{ "discipline.form_phrase", "giai_tan",
	    { "hình thức giải tán", "dissolution" } },
	{ "discipline.form_phrase", "upper_task",
	    { "kỷ luật về nhiệm vụ do cấp trên giao (chỉ được đề nghị cấp có "
	      "thẩm quyền)",
	        "discipline over a task assigned by an upper level (it may "
	        "only propose it to the competent level)" } },
	{ "discipline.form_phrase", "org",
	    { "kỷ luật tổ chức đảng (do cấp ủy cấp trên trực tiếp quyết định)",
	        "discipline of a Party organisation (decided by the directly "
	        "higher committee)" } },
	{ "discipline.deferral_phrase", "pregnant",
	    { "đang mang thai", "pregnant" } },
	{ "discipline.deferral_phrase", "nursing",
	    { "đang nuôi con nhỏ", "nursing a young child" } },
	{ "discipline.deferral_phrase", "hospitalised",
	    { "ốm nặng đang điều trị tại bệnh viện",
	        "seriously ill in hospital" } },
};

const char *
msg_value_label(const char *field, const char *value, enum lang lang)
{
	size_t i;

	if (field == NULL || value == NULL)
		return value;
	if ((unsigned)lang >= LANG__MAX)
		lang = LANG_VI;
	for (i = 0; i < sizeof(value_labels) / sizeof(value_labels[0]); i++)
		if (strcmp(value_labels[i].field, field) == 0 &&
		    strcmp(value_labels[i].value, value) == 0)
			return value_labels[i].text[lang];
	return value;
}

enum lang
msg_lang_from_header(const char *h)
{
	double best_vi = -1, best_en = -1;
	int pos = 0, en_pos = 1000, vi_pos = 1000;

	if (h == NULL)
		return LANG_VI;
	/* Each item: tag [; q=value] [, ...]. */
	while (*h) {
		char tag[16];
		size_t n = 0;
		double q = 1.0;

		while (*h == ' ' || *h == ',')
			h++;
		while (*h && *h != ',' && *h != ';' && *h != ' ' &&
		    n + 1 < sizeof(tag))
			tag[n++] = (char)tolower((unsigned char)*h++);
		tag[n] = '\0';
		while (*h && *h != ',') {
			if (*h == ';') {
				const char *p = h + 1;

				while (*p == ' ')
					p++;
				if ((p[0] == 'q' || p[0] == 'Q') &&
				    p[1] == '=')
					q = strtod(p + 2, NULL);
			}
			h++;
		}
		if (n == 0)
			continue;
		if ((strncmp(tag, "en", 2) == 0 &&
		        (tag[2] == '\0' || tag[2] == '-')) &&
		    q > best_en) {
			best_en = q;
			if (en_pos == 1000)
				en_pos = pos;
		}
		if ((strncmp(tag, "vi", 2) == 0 &&
		        (tag[2] == '\0' || tag[2] == '-')) &&
		    q > best_vi) {
			best_vi = q;
			if (vi_pos == 1000)
				vi_pos = pos;
		}
		pos++;
	}
	if (best_en <= 0)
		return LANG_VI;
	if (best_en > best_vi || (best_en == best_vi && en_pos < vi_pos))
		return LANG_EN;
	return LANG_VI;
}

const char *
msg_lang_name(enum lang lang)
{
	return lang == LANG_EN ? "en" : "vi";
}

static const struct msg *
msg_find(const char *code)
{
	size_t i;

	if (code == NULL)
		return NULL;
	for (i = 0; i < NMSG; i++)
		if (strcmp(catalogue[i].code, code) == 0)
			return &catalogue[i];
	return NULL;
}

bool
msg_known(const char *code)
{
	return msg_find(code) != NULL;
}

const char *
msg_entity_field_label(const char *entity, const char *field, enum lang lang)
{
	char key[96];
	size_t i;

	if (entity != NULL && field != NULL &&
	    (size_t)snprintf(key, sizeof(key), "%s.%s", entity, field) <
	        sizeof(key)) {
		if ((unsigned)lang >= LANG__MAX)
			lang = LANG_VI;
		for (i = 0; i < NLABELS; i++)
			if (strcmp(labels[i].field, key) == 0)
				return labels[i].text[lang];
	}
	return msg_field_label(field, lang);
}

const char *
msg_field_label(const char *field, enum lang lang)
{
	size_t i;

	if (field == NULL)
		return "";
	if ((unsigned)lang >= LANG__MAX)
		lang = LANG_VI;
	for (i = 0; i < NLABELS; i++)
		if (strcmp(labels[i].field, field) == 0)
			return labels[i].text[lang];
	return field;
}

/* True if s is exactly an ISO date, yyyy-mm-dd. */
static bool
iso_date(const char *s)
{
	int i;

	for (i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;

		if (dash ? s[i] != '-' : !isdigit((unsigned char)s[i]))
			return false;
	}
	return s[10] == '\0';
}

/* Adds a %s argument: a date reads dd/mm/yyyy in every message but
 * invalid_date, which echoes the input as it was given. */
static void
add_arg(struct sb *b, const char *code, const char *arg)
{
	if (arg == NULL)
		return;
	if (iso_date(arg) && strcmp(code, "invalid_date") != 0) {
		sb_addn(b, arg + 8, 2);
		sb_addc(b, '/');
		sb_addn(b, arg + 5, 2);
		sb_addc(b, '/');
		sb_addn(b, arg, 4);
		return;
	}
	sb_add(b, arg);
}

/* A list of field names "full_name,birth_date" as their labels, ", "
 * between them. */
static void
add_labels(struct sb *b, const char *list, enum lang lang)
{
	char name[64];
	const char *p = list ? list : "";

	while (*p != '\0') {
		size_t n = strcspn(p, ",");

		snprintf(name, sizeof(name), "%.*s", (int)n, p);
		if (p != list)
			sb_add(b, ", ");
		sb_add(b, msg_field_label(name, lang));
		p += n;
		if (*p == ',')
			p++;
	}
}

char *
msg_render(const char *code, const char *arg, enum lang lang)
{
	return msg_render_given(code, arg, NULL, lang);
}

/* s with its decimal point as lang writes it, when s is a decimal number
 * ("-12.5"); NULL when it is not one or fits no buffer (use s). */
static const char *
number_in(const char *s, enum lang lang, char *buf, size_t n)
{
	size_t i = 0, len;
	char *dot;

	if (s == NULL || lang != LANG_VI || (len = strlen(s)) >= n)
		return NULL;
	if (s[i] == '-')
		i++;
	if (!isdigit((unsigned char)s[i]))
		return NULL;
	while (isdigit((unsigned char)s[i]))
		i++;
	if (s[i] != '.' || !isdigit((unsigned char)s[i + 1]))
		return NULL;
	for (i++; isdigit((unsigned char)s[i]); i++)
		;
	if (s[i] != '\0')
		return NULL;
	memcpy(buf, s, len + 1);
	dot = strchr(buf, '.');
	*dot = ',';
	return buf;
}

char *
msg_render_number(const char *code, const char *arg, const char *given,
    enum lang lang)
{
	char a[32], g[32];
	const char *la = number_in(arg, lang, a, sizeof(a));
	const char *lg = number_in(given, lang, g, sizeof(g));

	return msg_render_given(code, la ? la : arg, lg ? lg : given, lang);
}

char *
msg_render_given(const char *code, const char *arg, const char *given,
    enum lang lang)
{
	const struct msg *m = msg_find(code);
	const char *t, *p, *q;
	struct sb b;

	if ((unsigned)lang >= LANG__MAX)
		lang = LANG_VI;
	sb_init(&b, 64 * 1024);
	if (m == NULL) {
		sb_add(&b, code ? code : "");
		return sb_detach(&b, NULL);
	}
	if (given != NULL) {
		char gcode[64];
		const struct msg *g;

		snprintf(gcode, sizeof(gcode), "%s_given", code);
		if ((g = msg_find(gcode)) != NULL)
			m = g;
	}
	t = m->text[lang];
	for (p = t; *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			add_arg(&b, code, arg);
			p++;
		} else if (p[0] == '%' && p[1] == 'f') {
			sb_add(&b, msg_field_label(arg, lang));
			p++;
		} else if (p[0] == '%' && p[1] == 'g') {
			sb_add(&b, given ? given : "");
			p++;
		} else if (p[0] == '%' && p[1] == 'H') {
			/* Who holds a value: named (arg) when the reader may
			 * see them, else nobody in particular. */
			if (arg != NULL && arg[0] != '\0') {
				if (lang == LANG_VI)
					sb_add(&b, "đồng chí ");
				sb_add(&b, arg);
			} else
				sb_add(&b,
				    lang == LANG_VI ?
				        "một đảng viên khác" :
				        "another member");
			p++;
		} else if (p[0] == '%' && p[1] == 'L') {
			add_labels(&b, given, lang);
			p++;
		} else if (p[0] == '%' && p[1] == '{' &&
		    (q = strchr(p + 2, '}')) != NULL &&
		    (q[1] == 's' || q[1] == 'g') && q - p - 2 < 64) {
			/* "%{field}s": the argument's label as a value of
			 * field (msg_value_label); "%{field}g" the given
			 * value's. */
			char field[64];
			const char *v = q[1] == 's' ? arg : given;

			snprintf(field, sizeof(field), "%.*s",
			    (int)(q - p - 2), p + 2);
			if (v != NULL)
				sb_add(&b, msg_value_label(field, v, lang));
			p = q + 1;
		} else
			sb_addc(&b, *p);
	}
	return sb_detach(&b, NULL);
}
