/** The echarts pieces of the desk pages: the customers' set plus mark lines (the 100 % coverage target). */
import { MarkLineComponent } from 'echarts/components';
import { echarts, ReactEChartsCore } from '../customers/customer-echarts';

echarts.use([MarkLineComponent]);

export { echarts, ReactEChartsCore };
