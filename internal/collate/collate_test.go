package collate

import (
	"slices"
	"testing"
)

// TestNamesSortByPinyin: surnames in pinyin order (an 安 before 白 before
// 王 before 张), a shorter syllable first (李 li before 林 lin; 李晓 before 李小白, the shorter first), then the
// given names, letters and mixed names among them.
func TestNamesSortByPinyin(t *testing.T) {
	names := []string{"张小米", "王保育", "李小宝", "林一", "安安", "白雪", "李晓", "Zoe", "欧阳小米粒儿", "李小白"}
	slices.SortFunc(names, Compare)
	want := []string{"安安", "白雪", "李晓", "李小白", "李小宝", "林一", "欧阳小米粒儿", "王保育", "张小米", "Zoe"}
	if !slices.Equal(names, want) {
		t.Errorf("sorted %v\nwant   %v", names, want)
	}
	if k := Key("李 小宝"); k != "li  xiao bao " {
		t.Errorf("key %q", k)
	}
}
