package i18n

// Strings of the account pages (internal/account, internal/web/accounts.go):
// sign-up with an invitation code, own password, the accounts a manager
// keeps, the director's login made with a new institution. Merged when the
// package is initialised, before any request.
func init() {
	add(map[string]entry{
		// Reasons, by field.
		"password_too_short":    {"密码太短，请按上方提示的最少位数设置", "is too short; see the minimum length above"},
		"password_too_long":     {"密码太长，最多128位", "is too long (at most 128 characters)"},
		"password_has_username": {"密码不能包含用户名", "must not contain the username"},
		"password_common":       {"这是常见密码，很容易被猜到，请换一个", "is a common password that is easy to guess; choose another"},
		"password_wrong":        {"原密码不对", "is not your current password"},
		"password_same":         {"新密码不能与原密码相同", "must differ from the current password"},
		"mobile_has_account":    {"这个手机号码已经注册过账号，请直接登录，在“我的孩子”页面输入邀请码", "already has an account: log in and enter the code on “My children”"},

		// Field labels.
		"ops.f.display_name":          {"姓名", "Name"},
		"ops.f.username":              {"用户名", "Username"},
		"ops.f.role":                  {"角色", "Role"},
		"ops.f.password":              {"密码", "Password"},
		"ops.f.old_password":          {"原密码", "Current password"},
		"ops.f.new_password":          {"新密码", "New password"},
		"ops.f.mobile":                {"手机号码", "Mobile number"},
		"ops.f.institution_id":        {"机构", "Institution"},
		"ops.f.department":            {"所属部门", "Department"},
		"ops.f.director.username":     {"园长用户名", "Director's username"},
		"ops.f.director.display_name": {"园长姓名", "Director's name"},
		"field.director.username":     {"园长用户名", "Director's username"},
		"field.director.display_name": {"园长姓名", "Director's name"},

		// Partner departments.
		"duty.approval":      {"行政审批", "Administrative approval"},
		"duty.market":        {"市场监管", "Market regulation"},
		"duty.emergency":     {"应急管理", "Emergency management"},
		"duty.education":     {"教育", "Education"},
		"duty.civil_affairs": {"民政", "Civil affairs"},
		"duty.police":        {"公安", "Public security"},
		"duty.finance":       {"财政", "Finance"},
		"duty.hr":            {"人力资源和社会保障", "Human resources and social security"},
		"duty.women":         {"妇联", "Women's federation"},
		"duty.mch":           {"妇幼保健", "Maternal and child health"},

		// Own password.
		"account.password.title":       {"修改密码", "Change password"},
		"account.password.policy":      {"密码至少%d位，不能包含用户名，不能是常见密码。", "At least %d characters, not containing the username, not a common password."},
		"account.password.submit":      {"保存新密码", "Save the new password"},
		"account.password.must_change": {"您的密码是别人为您设置的，请先设置自己的新密码，再继续使用。", "Your password was set by someone else. Set your own password before you go on."},
		"flash.password_changed":       {"密码已修改。您在其他设备上的登录已结束。", "Your password is changed. Your logins on other devices have ended."},

		// Sign-up with an invitation code.
		"account.signup.title":        {"用邀请码注册", "Sign up with an invitation code"},
		"account.signup.hint":         {"托育机构给了您邀请码时，在这里注册家长账号，注册后即可看到孩子的信息。手机号码就是登录用户名。", "If the childcare institution gave you an invitation code, create your parent account here; you see your child as soon as you have signed up. Your mobile number is your username."},
		"account.signup.submit":       {"注册并关联孩子", "Sign up and link my child"},
		"account.signup.have_account": {"已有家长账号？", "Already have a parent account?"},
		"account.signup.invited":      {"收到托育机构的邀请码？", "Got an invitation code from a childcare institution?"},
		"account.signup.slip":         {"还没有家长账号的监护人，可凭邀请码直接注册：", "A guardian without a parent account can sign up with the code:"},
		"flash.signed_up":             {"注册成功，已关联您的孩子。", "You have signed up and your child is linked."},

		// Accounts a manager keeps.
		"account.nav":              {"账号管理", "Accounts"},
		"account.list.title":       {"账号管理", "Accounts"},
		"account.list.none":        {"没有符合条件的账号。", "No accounts match."},
		"account.scope":            {"范围", "Scope"},
		"account.status.active":    {"正常", "Active"},
		"account.status.disabled":  {"已停用", "Disabled"},
		"account.pending_password": {"待修改初始密码", "Must change the first password"},
		"account.new.title":        {"新建账号", "New account"},
		"account.new.hint":         {"保存后会显示一个初始密码，只显示一次。请当面或以安全方式交给本人，本人首次登录时必须修改。", "Saving shows a first password, once. Hand it to the person in person or another safe way; they must change it at the first login."},
		"account.new.submit":       {"创建账号", "Create the account"},
		"account.edit.title":       {"账号", "Account"},
		"account.scope_hint":       {"县（区）用于监管和部门账号，机构用于园长和保育人员账号，所属部门只用于部门账号。", "The county is for regulators and departments, the institution for directors and caregivers, the department for departments only."},
		"account.actions":          {"账号操作", "Account actions"},
		"account.reset":            {"重置密码", "Reset the password"},
		"account.reset_confirm":    {"重置后原密码失效，本人的登录全部结束。确定吗？", "The current password stops working and every login of this account ends. Go on?"},
		"account.disable":          {"停用账号", "Disable the account"},
		"account.disable_confirm":  {"停用后本人无法登录。确定吗？", "The person can no longer log in. Go on?"},
		"account.enable":           {"重新启用", "Enable again"},
		"flash.account_disabled":   {"账号已停用。", "The account is disabled."},
		"flash.account_enabled":    {"账号已重新启用。", "The account is enabled again."},

		// The one-time password, shown once.
		"account.handover.title":    {"初始密码", "One-time password"},
		"account.handover.for":      {"%s 的登录信息", "Login for %s"},
		"account.handover.password": {"一次性密码", "One-time password"},
		"account.handover.created":  {"账号已创建。这个密码只显示这一次，请交给本人；本人首次登录后必须设置新密码。", "The account is created. This password is shown only this once: hand it over; the person must set a new one at the first login."},
		"account.handover.reset":    {"密码已重置。这个一次性密码只显示这一次，请交给本人；本人登录后必须设置新密码。", "The password is reset. This one-time password is shown only this once: hand it over; the person must set a new one after logging in."},
		"account.handover.director": {"机构已登记，园长账号已创建。这个密码只显示这一次，请交给园长；园长首次登录后必须设置新密码。", "The institution is registered and its director's account created. This password is shown only this once: hand it to the director, who must set a new one at the first login."},
		"account.handover.done":     {"已交给本人", "Handed over"},

		// The director's login on the new-institution form.
		"account.director.legend": {"园长账号", "Director's account"},
		"account.director.hint":   {"填写后同时创建园长的登录账号，保存后显示初始密码一次。不填则以后在“账号管理”中创建。", "Fill these in to create the director's login as well; a first password is shown once after saving. Leave them empty to create it later under Accounts."},

		// The password policy's settings.
		"account.settings.title":       {"密码规则", "Password policy"},
		"account.settings.policy":      {"现行规则", "In force"},
		"account.settings.common_hint": {"常见密码名单随系统提供，约一千条，不区分大小写。", "The list of common passwords ships with the system (about a thousand, compared without regard to case)."},
		"account.settings.length_hint": {"可设为8到64位；只对以后设置的密码生效，已有密码不受影响。", "From 8 to 64; applies to passwords set from now on, not to existing ones."},
		"ops.f.min_password_length":    {"密码最少位数", "Minimum password length"},

		// Audit actions.
		"action.user.update":             {"修改账号角色或范围", "Changed an account's role or scope"},
		"action.user.password_change":    {"修改本人密码", "Changed own password"},
		"action.user.password_reset":     {"重置密码", "Reset a password"},
		"action.guardian.sign_up":        {"家长凭邀请码注册", "A parent signed up with an invitation code"},
		"action.account_settings.update": {"修改密码规则设置", "Changed the password policy settings"},
	})
}
