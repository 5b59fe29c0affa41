package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Word pools for people, institutions and addresses. They are invented
// combinations of common words; any likeness to a real institution is chance.

// surnames are common family names in northern Shaanxi and China at large.
var surnames = []string{
	"王", "李", "张", "刘", "杨", "高", "马", "白", "贺", "郝", "冯", "曹", "薛", "霍", "惠",
	"拓", "呼", "雷", "党", "任", "孙", "赵", "郭", "闫", "宋", "田", "崔", "姬", "侯", "折",
}

var femaleGiven = []string{
	"婷", "娜", "丽", "娟", "霞", "芳", "静", "敏", "燕", "艳", "莉", "楠", "雪", "梅", "琳",
	"佳", "欣", "悦", "媛", "蕾", "萍", "慧", "玲", "瑶", "倩", "月", "兰", "红", "宁", "洁",
}

var maleGiven = []string{
	"伟", "强", "军", "磊", "涛", "斌", "勇", "杰", "鹏", "飞", "刚", "峰", "波", "辉", "明",
	"亮", "超", "龙", "浩", "宇", "凯", "东", "平", "华", "林", "延", "安", "文", "建", "国",
}

// brands are the invented trade names of private centres and home points.
// "小星星" is kept for director1's institution.
var brands = []string{
	"童乐", "贝佳", "爱弥儿", "小橙子", "金色童年", "七色花", "宝贝树", "启蒙", "彩虹", "向日葵",
	"小脚丫", "乐成", "蒲公英", "亲亲宝贝", "嘟嘟", "米乐", "小海豚", "咿呀", "萌芽", "睿宝",
	"育才", "博雅", "小太阳", "禾苗", "童心", "天使", "快乐宝贝", "启航", "星辰", "小树苗",
	"爱心", "贝贝乐", "金宝贝", "小蜜蜂", "悦宝", "贝恩", "德馨", "知行", "乐童", "晨曦",
	"童画", "安心", "暖阳", "幸福宝贝", "红苹果", "小天鹅", "好孩子", "小明星", "木棉", "小鹿",
	"童梦", "花蕾", "朝阳", "明德", "春芽", "小叮当", "熊猫", "北斗星", "小橡树", "云朵",
}

const director1Brand = "小星星"

var centreSuffixes = []string{"托育中心", "托育中心", "托育园", "婴幼儿照护中心", "托育服务中心", "早教托育中心"}

var chineseOrdinals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// communities are invented residents' committee names.
var communities = []string{
	"东风", "幸福", "和平", "建设", "团结", "新华", "光明", "胜利", "文化", "延河",
	"长青", "阳光", "紫薇", "丰泽", "南关", "北关", "东关", "西街", "新区", "桥南",
}

var urbanRoads = []string{
	"中心街", "二道街", "北关街", "南关街", "东关街", "百米大道", "延河路", "圣地路", "宝塔路", "枣园路",
	"兴华路", "新区大道", "迎宾大道", "育才路", "建设路", "文化路", "团结路", "和平路", "东大街", "西大街",
}

var townRoads = []string{"正街", "新街", "东街", "西街", "南街", "北街", "镇中路", "府前路", "滨河路", "学校路"}

var compounds = []string{
	"阳光小区", "幸福家园", "锦绣苑", "金色家园", "翠苑小区", "延河湾小区", "圣地华府", "书香苑", "枣园小区", "丽景花园",
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// between returns an integer in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// person is a generated adult.
type person struct {
	Name   string
	Female bool
}

func newPerson(r *rand.Rand, pFemale float64) person {
	female := chance(r, pFemale)
	given := maleGiven
	if female {
		given = femaleGiven
	}
	name := pick(r, surnames) + pick(r, given)
	if chance(r, 0.7) {
		name += pick(r, given)
	}
	return person{Name: name, Female: female}
}

// shortCounty drops the 区/县/市 of a county name with three or more
// characters (宝塔区 → 宝塔); 富县 stays 富县.
func shortCounty(name string) string {
	rs := []rune(name)
	if len(rs) >= 3 {
		return string(rs[:len(rs)-1])
	}
	return name
}

// isSubdistrict reports whether a township code is a 街道 (GB/T 2260
// township codes 001-099 are 街道, 100-199 镇, 200-299 乡).
func isSubdistrict(code string) bool { return len(code) == 9 && code[6] == '0' }

// mobile is an invented mobile number of China Mobile/Unicom/Telecom prefixes.
func mobile(r *rand.Rand) string {
	prefixes := []string{"133", "135", "136", "138", "139", "150", "151", "152", "155", "158", "159", "177", "180", "181", "186", "187", "189", "199"}
	return fmt.Sprintf("%s%08d", pick(r, prefixes), r.IntN(100000000))
}

// landline is a Yan'an fixed-line number (area code 0911).
func landline(r *rand.Rand) string {
	return fmt.Sprintf("0911-%d%06d", pick(r, []int{2, 8}), r.IntN(1000000))
}

// address is a street address inside the township.
func address(r *rand.Rand, countyName, townshipName string, subdistrict, residential bool, floor int) string {
	var b strings.Builder
	b.WriteString(countyName)
	b.WriteString(townshipName)
	if residential {
		fmt.Fprintf(&b, "%s%d号楼%d单元%d0%d室", pick(r, compounds), between(r, 1, 18), between(r, 1, 4), floor, between(r, 1, 4))
		return b.String()
	}
	roads := townRoads
	if subdistrict {
		roads = urbanRoads
	}
	fmt.Fprintf(&b, "%s%d号", pick(r, roads), between(r, 1, 199))
	return b.String()
}

// Given names of children born around 2024 (two characters, the common
// choices of the decade).
var (
	boyNames = []string{
		"子轩", "浩宇", "宇轩", "一鸣", "梓睿", "沐阳", "俊熙", "皓轩", "子墨", "铭泽", "奕辰", "宇航", "睿哲", "博文", "嘉懿",
		"煜城", "懿轩", "烨伟", "明杰", "景行", "思远", "承泽", "安然", "诗航", "天佑", "宸睿", "晨阳", "泽宇", "辰逸", "锦程",
	}
	girlNames = []string{
		"梓涵", "一诺", "欣怡", "诗涵", "雨桐", "可馨", "语嫣", "若汐", "梓萱", "思琪", "佳怡", "紫涵", "芷若", "依诺", "梦瑶",
		"沐晨", "雨萱", "欣妍", "语桐", "安琪", "书瑶", "婉清", "心怡", "嘉怡", "亦菲", "梓琪", "雅静", "晨曦", "乐瑶", "诗雨",
	}
)

// allergies noted on some enrolment forms.
var allergies = []string{"鸡蛋过敏", "牛奶蛋白过敏", "花生过敏", "虾蟹过敏", "芒果过敏", "青霉素过敏"}

// symptoms of sick absences (出勤登记: the disease or symptoms are noted).
var symptoms = []string{
	"发热", "发热、咳嗽", "咳嗽、流涕", "流涕、鼻塞", "腹泻", "呕吐、腹泻", "咽痛", "手足口病（疑似）", "疱疹性咽峡炎", "湿疹加重",
	"感冒", "结膜炎",
}

// lunches are the day's lunch menus noted on the care log.
var lunches = []string{
	"软米饭、西红柿炒鸡蛋、清炒西兰花、紫菜蛋花汤", "鸡肉蔬菜粥、蒸南瓜", "小米饭、土豆炖牛肉、清炒油菜", "蔬菜肉末面条、蒸鸡蛋羹",
	"软米饭、清蒸鲈鱼、胡萝卜炒木耳、冬瓜汤", "荞麦面、肉末豆腐、炒白菜", "二米饭、香菇滑鸡、炒菠菜、西红柿汤", "饺子（猪肉白菜馅）、小米粥",
	"软米饭、红烧鸡翅根、素炒三丁、青菜豆腐汤", "洋芋擦擦、小米南瓜粥、炒豆芽",
}
