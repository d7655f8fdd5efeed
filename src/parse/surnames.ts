/**
 * Common Chinese surnames (the frequent part of 百家姓), for telling a customer's name from the
 * words around it. Surnames that are mostly ordinary words at the start of a chat line
 * (明, 今, 和, 有, 是, 来…) are left out on purpose.
 */
export const COMPOUND_SURNAMES = new Set(
  (
    '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 令狐 宇文 长孙 夏侯 轩辕 端木 独孤 南宫 西门 ' +
    '百里 呼延 司徒 司空 澹台 钟离 申屠 闻人 赫连 太史 濮阳 淳于 单于 公冶 宗政 仲孙 鲜于 闾丘 ' +
    '亓官 拓跋 左丘 东郭 梁丘 乐正 公羊 谷梁 巫马 漆雕 司寇 颛孙 第五'
  ).split(' '),
);

export const SURNAMES = new Set(
  (
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈' +
    '姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱丘江尹薛闫严段雷侯龙史陶黎贺顾毛郝龚邵万钱覃武戴孔' +
    '汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜' +
    '詹关苗凌费纪靳盛童欧甄项曲成游阳裴卫查屈鲍覃霍翁隋甘景薄司柏宁柯阮桂闵解强柴华冉边' +
    '辜吉饶刁瞿戚丛蓝苑骆滕宫鞠池尚容凤郎卓巩杭冷蒲佟符娄邬农晏於窦岑汝尉宦宗栾伏云蒙赖' +
    '湛荆储仇羊喻易乔麦涂綦鄢冀鄂敖佘扈桑蔺栗衡封诸钮缪褚卞滑楚燕雍匡郁谌韶尧归' +
    '阎粟戈邝幸'
  ).split(''),
);

/** Surnames left out above because they begin ordinary words; with a title they are names (常总, 路先生). */
export const TITLED_ONLY_SURNAMES = new Set('区车房路全应花海单包米官常利宿连占印位席商沿植练揭'.split(''));
